"""The search benchmark's harness at a tiny scale: it builds, times and writes its section."""

from bench.search import main, plain_query


def test_the_harness_runs_at_a_tiny_scale(tmp_path):
    out = tmp_path / "benchmarks.md"
    run = main(["--scales", "300", "--queries", "20", "--pool", "60", "--out", str(out)])
    (scale,) = run["scales"]
    assert scale["build"]["articles"] == 300 and scale["build"]["versions"] == 315
    assert scale["measured"]["queries"] == 20 and scale["measured"]["ours"]["p99"] > 0
    text = out.read_text("utf-8")
    assert "<!-- bench:search:start -->" in text and "## Search latency" in text
    assert "| 300 (315) |" in text


def test_the_baseline_gets_the_words_as_typed():
    assert plain_query('"عدد من"') == '"عدد من"'
    assert plain_query("عددًا روسيا") == '"عددًا" AND "روسيا"'
