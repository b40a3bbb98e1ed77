"""leavebot: a Slack leave bot run as a supervised tree of anyio actors.

The package owns the domain (``domain``), the vocabulary of ids and statuses
(``types``), the database layer (``db``, ``queries``, ``migrate``), the
durable channels between actors (``messages``, ``channels``), the supervisor,
logging, settings, the parser (``parsing``) and the sandbox services the tests
and the demo run against (``sandbox``).
"""

__version__ = "0.1.0"
