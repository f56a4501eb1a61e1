"""Tables -> canonical report -> tidy facts, and the consistency checks."""
