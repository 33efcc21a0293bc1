"""Every answer under /api/ is JSON, even for paths and methods the API does not know."""


def test_unknown_api_path_answers_json_404(client_for, alice):
    response = client_for(alice).get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no API endpoint")


def test_wrong_method_answers_json_405(client_for, alice):
    response = client_for(alice).put("/api/feed/home")
    assert response.status_code == 405
    assert "PUT" in response.json()["detail"]
    assert "GET" in response["Allow"]
