"""`make bench` cannot rot: its synthetic national site builds, at the smallest size, every way it is timed.

Only that it runs is tested here; its timings are never asserted (see the README's Performance section).
"""

import re

from benchmarks.bench import CHARTS_PER_COUNCIL, benchmark, report


def test_the_synthetic_site_builds_every_way_the_benchmark_times(tmp_path):
    results = benchmark(tmp_path, councils=1, runs=1, log=lambda message: None)

    def summary(name: str) -> str:
        return re.search(r"^Built .*$", results.runs[name][0].stdout, flags=re.MULTILINE)[0]

    charts = CHARTS_PER_COUNCIL
    assert f"{charts} charts ({2 * charts} images rendered, 0 from cache)" in summary("cold")
    assert f"(0 images rendered, {2 * charts} from cache)" in summary("unchanged")
    # One figure changed: its chart's two images are drawn again, nothing else.
    assert f"(2 images rendered, {2 * charts - 2} from cache)" in summary("one-value")
    article = "publications/council-001-asc-audit-2024-25/index.html"
    with_plugin = (tmp_path / "out" / article).read_text(encoding="utf-8")
    plain = (tmp_path / "out-plain" / article).read_text(encoding="utf-8")
    assert "<svg" in with_plugin and "<svg" not in plain
    assert "{{" not in with_plugin and "{{" not in plain
    table = report(results, councils=1, runs=1)
    assert "rebuild, nothing changed / plain Pelican" in table
    assert all(run.seconds > 0 and run.peak_rss > 0 for runs in results.runs.values() for run in runs)
