"""Free text from a URL's query string, made safe to compare in the database."""


def query_text(request, name: str, max_length: int) -> str:
    """The stripped value of ?name=, at most max_length characters and without NUL, which
    PostgreSQL refuses in any text comparison (a server error, not an empty result)."""
    return request.GET.get(name, "").replace("\x00", "").strip()[:max_length]
