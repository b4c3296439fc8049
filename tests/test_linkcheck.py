from pathlib import Path

from plugins.transparency.linkcheck import check_site, main

PAGES = {
    "index.html": '<a href="about/">About</a> <a href="about/#team">Team</a> <a href="#top" id="top">Top</a>\n'
    '<a href="https://example.org/">Elsewhere</a> <img src="theme/logo.svg" alt="">',
    "about/index.html": '<h2 id="team">Team</h2>\n<a href="../">Home</a>\n<a href="../data/teams.csv">CSV</a>',
    "theme/logo.svg": "<svg></svg>",
    "data/teams.csv": "team\n",
}


def write_site(folder: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_site_whose_links_all_resolve(tmp_path, capsys):
    site = write_site(tmp_path / "output", PAGES)
    assert check_site(site) == ([], 2, 6)
    assert main([str(site)]) == 0
    assert capsys.readouterr().out == "Checked 6 internal links and anchors in 2 pages: all resolve\n"


def test_broken_links_and_anchors_are_named_with_page_and_line(tmp_path):
    broken = {
        **PAGES,
        "about/index.html": '<h2 id="team">Team</h2>\n<a href="../data/team.csv">CSV</a>\n<a href="../#tpo">Top</a>',
        "charts/index.html": '<a href="/feeds/all.atom.xml">Feed</a>\n\n<a href="/feeds/all.atom.xml">Feed</a>',
    }
    problems, pages, links = check_site(write_site(tmp_path / "output", broken))
    assert [str(problem) for problem in problems] == [
        'output/about/index.html, line 2: links to "../data/team.csv", which does not exist '
        "(expected a file in output/)",
        'output/about/index.html, line 3: links to "../#tpo", but that page has no id "tpo" '
        '(expected an id on the page linked to); did you mean "top"?',
        'output/charts/index.html, line 1: links to "/feeds/all.atom.xml" from the server root, which breaks under '
        "a sub-path or opened as files (and in 1 more place) (expected a relative link, e.g. from SITEURL with "
        "RELATIVE_URLS)",
    ]
    assert (pages, links) == (3, 8)
