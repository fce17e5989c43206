def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_home_shows_organization(login, editor, org):
    response = login(editor).get("/")
    assert response.status_code == 200
    assert org.name in response.content.decode()


def test_navigation_links_to_the_plan_pages(login, editor):
    page = login(editor).get("/").content.decode()
    assert 'href="/ke-hoach/"' in page and 'href="/ke-hoach/van-ban/"' in page


def test_login_page_is_in_vietnamese(client, db):
    page = client.get("/dang-nhap/").content.decode()
    assert "Tên đăng nhập" in page and "Mật khẩu" in page
