"""The rows of every benchmark table, the same whether they are posted through the API (bench/seed.py) or
inserted directly (lib/direct.py), for tessera and for the DRF reference alike.

Row i (0-based; id i + 1 when seeded directly, in order) is named "delta-" + i with at least 5 digits
("delta-00042") and described "row 42 of the benchmark". Exactly MATCHES rows, spread evenly over the table,
add the word WORD to their description ("row 25 of the benchmark, quetzal"): no other text that the benchmark
writes contains it, so `?search=quetzal` finds exactly 20 rows at every table size.
"""
WORD = "quetzal"
MATCHES = 20
PAGE_SIZE = 20


def marked(count):
    """The indices of the rows that carry WORD: the middle of each twentieth of the table."""
    return {(2 * k + 1) * count // (2 * MATCHES) for k in range(MATCHES)}


def row(i, marks):
    description = f"row {i} of the benchmark, {WORD}" if i in marks else f"row {i} of the benchmark"
    return f"delta-{i:05d}", description


def rows(count, start=0, stop=None):
    """(name, description) of rows start .. stop (default: all count rows)."""
    marks = marked(count)
    for i in range(start, count if stop is None else stop):
        yield row(i, marks)


def deep_page(count):
    """A full page near the end of the table by number: the one before the last full page."""
    return max(2, count // PAGE_SIZE - 1)
