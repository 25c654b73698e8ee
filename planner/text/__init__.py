"""Text for people: the one reader of typed dates and times, safe display text, labels."""
