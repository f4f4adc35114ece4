from django.urls import path, register_converter

from samspill.business import views


class DocumentFormat:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DocumentFormat, "docformat")

app_name = "business"

urlpatterns = [
    path("p/<slug:slug>/roi/", views.roi_page, name="roi"),
    path("p/<slug:slug>/roi/preview/", views.roi_preview, name="roi_preview"),
    path(
        "p/<slug:slug>/roi/business-case.<docformat:file_format>",
        views.business_case_document,
        name="document",
    ),
]
