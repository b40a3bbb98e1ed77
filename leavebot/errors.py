"""The one exception root of leavebot, and the tree below it.

::

    LeavebotError
    ├── ConfigError            settings or runtime config missing or invalid
    │   └── MissingSecretError a secret a process needs is not set
    ├── DatabaseError          the database cannot be reached or set up
    │   ├── MigrationError     migrations failed to apply
    │   └── BookingContendedError other bookings of the same dates kept committing
    │                          while a Confirm booked them; it comes again
    ├── ChannelError           a durable channel could not send or receive
    │   ├── UnknownMessageError a mailbox row holds no known message kind
    │   └── NotYetError        a message came before what it refers to was
    │                          stored; its handler fails it so it comes again
    ├── SupervisorError        the supervisor gave up
    │   ├── RestartLimitError  a child crashed too often in the window
    │   └── StartError         a child failed before reporting ready
    ├── ParseError             a message could not be read (never raised to
    │                          users: the parser turns it into an outcome)
    └── SyncError              an outside service (Slack, Calendar, Harvest,
                               LLM) answered with an error
"""

from __future__ import annotations


class LeavebotError(Exception):
    """Root of every error leavebot raises on purpose."""


class ConfigError(LeavebotError):
    """Settings or runtime configuration are missing or invalid."""


class MissingSecretError(ConfigError):
    """A secret that this process needs is not set.

    The message names the environment variable so an operator can fix it.
    """

    def __init__(self, variable: str, purpose: str) -> None:
        super().__init__(f"{variable} is not set; it is needed for {purpose}")
        self.variable = variable
        self.purpose = purpose


class DatabaseError(LeavebotError):
    """The database cannot be reached or prepared."""


class MigrationError(DatabaseError):
    """Migrations failed to apply."""


class BookingContendedError(DatabaseError):
    """Other bookings of the same dates kept committing while a Confirm booked them
    (``leavebot.slots.book``): the Confirm is rolled back and its message comes again."""


class ChannelError(LeavebotError):
    """A durable channel failed to send or receive."""


class UnknownMessageError(ChannelError):
    """A mailbox row holds a payload that is no known message kind."""


class NotYetError(ChannelError):
    """A message came before the state it refers to was stored (a race of two actors'
    keys): its handler raises this, and the inbox delivers the message again after
    its backoff."""


class SupervisorError(LeavebotError):
    """The supervisor gave up on its children."""


class RestartLimitError(SupervisorError):
    """A child crashed more often than the restart limit allows."""

    def __init__(self, child: str, restarts: int, window_s: float) -> None:
        super().__init__(
            f"child {child!r} restarted {restarts} times within {window_s:g}s; giving up"
        )
        self.child = child
        self.restarts = restarts
        self.window_s = window_s


class StartError(SupervisorError):
    """A child failed or returned before reporting that it was ready."""


class ParseError(LeavebotError):
    """A message could not be parsed; parsers turn this into an outcome."""


class SyncError(LeavebotError):
    """An outside service answered with an error."""

    def __init__(self, target: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(f"{target}: {message}")
        self.target = target
        self.retry_after = retry_after
