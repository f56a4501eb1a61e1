"""One module per simulated portal family (research §8.2–8.5)."""
