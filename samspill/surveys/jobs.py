"""The surveys' background job: close open surveys whose closing date has passed, hourly
(registered in SurveysConfig.ready; `samspill close_surveys` does the same by hand)."""

from samspill.notify.jobs import job
from samspill.surveys.services import close_due_surveys


@job()
def surveys_close_due() -> int:
    return close_due_surveys()
