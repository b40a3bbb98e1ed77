"""Leave parsing: the rules parser, the LLM parser and the auto mode that joins them."""
