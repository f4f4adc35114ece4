"""Figures of other tables as subqueries, so one query can read several of them."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet) -> Coalesce:
    """COUNT(*) of `rows` (filtered with OuterRef) as a scalar subquery. COUNT as a plain
    function, not an aggregate, so Django adds no GROUP BY and the subquery always answers
    one row."""
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def sum_of(rows: QuerySet, field: str) -> Coalesce:
    """SUM(field) of `rows` (filtered with OuterRef) as a scalar subquery, 0 for none."""
    summed = rows.order_by().annotate(n=Func(F(field), function="SUM")).values("n")
    return Coalesce(Subquery(summed, output_field=IntegerField()), Value(0))
