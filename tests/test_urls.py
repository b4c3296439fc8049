from plugins.transparency import urls


def test_a_chart_lives_in_its_own_folder_with_its_files_and_embed():
    assert urls.chart_page("staff-survey") == "charts/staff-survey/"
    assert urls.chart_file("staff-survey", "csv") == "charts/staff-survey/staff-survey.csv"
    assert urls.chart_file("staff-survey", "vl.json") == "charts/staff-survey/staff-survey.vl.json"
    assert urls.chart_embed("staff-survey") == "charts/staff-survey/embed/"


def test_datasets_have_a_catalogue_page_and_their_files_under_data():
    assert urls.datasets_page() == "datasets/"
    assert urls.dataset_page("adult-caseload-by-team") == "datasets/adult-caseload-by-team/"
    assert urls.dataset_csv("adult-caseload-by-team") == "data/adult-caseload-by-team.csv"
    assert urls.dataset_json("adult-caseload-by-team") == "data/adult-caseload-by-team.json"
    assert urls.data_package() == "datapackage.json"


def test_pages_and_the_files_serving_them():
    assert urls.site_page("caseloads-over-time") == "caseloads-over-time/"
    assert urls.save_as("charts/staff-survey/embed/") == "charts/staff-survey/embed/index.html"


def test_links_in_content_are_resolved_from_the_page_they_land_on():
    link = urls.in_content("data/teams.csv")
    assert link == "__SITEROOT__/data/teams.csv"
    html = f'<a href="{link}">CSV</a>'
    assert urls.root_from("publications/audit-2024/") == "../.."
    assert urls.root_from("") == "."
    assert urls.resolve(html, "publications/audit-2024/", relative=True, siteurl="") == (
        '<a href="../../data/teams.csv">CSV</a>'
    )
    assert urls.resolve(html, "index.html", relative=True, siteurl="") == '<a href="./data/teams.csv">CSV</a>'
    assert urls.resolve(html, "about/", relative=False, siteurl='https://example.org/a"b') == (
        '<a href="https://example.org/a&quot;b/data/teams.csv">CSV</a>'
    )


def test_addresses_to_share_are_absolute_when_the_site_has_an_address():
    assert (
        urls.absolute("https://example.org/caseloads", "charts/x/")
        == "https://example.org/caseloads/charts/x/"
    )
    assert urls.absolute("", "charts/x/") == "/charts/x/"
