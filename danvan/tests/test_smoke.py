def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_home_shows_organization(login, editor, org):
    response = login(editor).get("/")
    assert response.status_code == 200
    assert org.name in response.content.decode()
