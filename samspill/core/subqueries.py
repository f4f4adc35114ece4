"""Figures of other tables as subqueries, so one query can read several of them."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet) -> Coalesce:
    """COUNT of `rows` (filtered with OuterRef) as a scalar subquery."""
    return _scalar(rows, "COUNT", "pk")


def sum_of(rows: QuerySet, field: str) -> Coalesce:
    """SUM(field) of `rows` (filtered with OuterRef) as a scalar subquery, 0 for none."""
    return _scalar(rows, "SUM", field)


def _scalar(rows: QuerySet, function: str, field: str) -> Coalesce:
    # The function as a plain Func, not an aggregate, so Django adds no GROUP BY and the
    # subquery always answers one row.
    figure = rows.order_by().annotate(n=Func(F(field), function=function)).values("n")
    return Coalesce(Subquery(figure, output_field=IntegerField()), Value(0))
