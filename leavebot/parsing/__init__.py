"""Leave parsing: the rules parser, the LLM parser and the auto mode that joins them.

The rules modules may run compiled (``leavebot.parsing.compiled``); importing it first decides
whether their build or their sources are loaded, before any of them is imported.
"""

from leavebot.parsing import compiled as compiled
