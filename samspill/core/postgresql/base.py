"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before each request's first query, so
that a connection PostgreSQL has ended (a restart, a failover, a terminated session) is
replaced instead of failing the request. That is one more round trip on every request,
and a cached page needs only three others.

An idle connection in autocommit has nothing to read. When PostgreSQL ends a session it
sends a last message and closes the socket, so the socket turns readable. The check below
asks the kernel about that without waiting: readable (or already closed) means the
session is over, and the connection is replaced as Django's own check would. An
unexpected message (an asynchronous notice) costs one needless reconnect, no error.
Neither check sees a peer that vanished without closing (a cut network) before a query
times out.
"""

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is None
            or self.pool
            or not self.health_check_enabled
            or self.health_check_done
        ):
            return
        if self._session_ended():
            self.close()
        self.health_check_done = True

    def _session_ended(self) -> bool:
        if self.connection.closed or self.connection.broken:
            return True
        try:
            poller = select.poll()
            poller.register(self.connection.fileno(), select.POLLIN)
            return bool(poller.poll(0))
        except (OSError, ValueError):  # the descriptor is gone
            return True
