"""The actors of leavebot, one module each, and the process roles that group them.

Each actor module exposes a factory ``child(runtime) -> ChildSpec``; a
process role (``all``, ``bot``, ``worker``, ``web``) is the ordered list of
actors the supervisor starts for it.
"""
