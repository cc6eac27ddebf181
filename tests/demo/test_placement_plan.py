"""The placement plan of the demo (the paper's table 2(1)) and who sees what of it."""

from django.urls import reverse


def test_the_administrator_sees_every_line_with_the_totals_in_page_csv_and_pdf(client, login):
    login("sysadmin")
    url = reverse("terminals:placement_plan")
    body = client.get(url + "?fy=2012").content.decode()
    assert "244,773" in body and "109,032" in body and "東葛飾旅券事務所" in body
    assert "None" not in body
    csv = client.get(url + "?fy=2012&format=csv")
    assert "合計,244773,37,109032,38,42" in csv.content.decode("utf-8-sig")
    assert client.get(url + "?fy=2012&format=pdf").content.startswith(b"%PDF")


def test_an_office_head_sees_their_line_and_the_prefecture_totals_only(client, login):
    login("head")
    body = client.get(reverse("terminals:placement_plan") + "?fy=2012").content.decode()
    assert "東葛飾旅券事務所" in body and "80,909" in body  # their own line
    assert "県合計" in body and "244,773" in body  # the prefecture's totals
    assert "中央旅券事務所" not in body and "印旛地域振興事務所" not in body
    csv = client.get(reverse("terminals:placement_plan") + "?fy=2012&format=csv")
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert len(rows) == 3 and rows[1].startswith("東葛飾旅券事務所") and rows[2].startswith("合計")
