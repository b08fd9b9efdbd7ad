"""The nginx configuration of scripts/prod_check --nodes (scripts/prod_nodes.py)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import prod_nodes  # noqa: E402


def _block(text, start):
    """The text of the ``{ ... }`` block opened on the line starting with ``start``."""
    begin = text.index(start)
    depth = 0
    for index in range(text.index("{", begin), len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[begin : index + 1]
    raise AssertionError(f"unclosed block {start}")


def test_routes_and_balancing(tmp_path):
    text = prod_nodes.nginx_config(tmp_path, 8380, [8371, 8373], [8372, 8374])
    http = _block(text, "upstream odoo_http")
    ws = _block(text, "upstream odoo_ws")
    assert "least_conn;" in http and "least_conn;" in ws
    assert "8371" in http and "8373" in http and "8372" not in http
    assert "8372" in ws and "8374" in ws and "8371" not in ws
    # no sticky sessions: the nodes share the sessions in data_dir
    assert "ip_hash" not in text and "sticky" not in text and "hash " not in text
    websocket = _block(text, "location /websocket")
    assert "proxy_pass http://odoo_ws;" in websocket
    assert "proxy_http_version 1.1;" in websocket
    assert "Upgrade $http_upgrade" in websocket and "Connection $connection_upgrade" in websocket
    assert "proxy_pass http://odoo_http;" in _block(text, "location / ")
    assert "listen 127.0.0.1:8380;" in text
    # the proxy headers Odoo reads with proxy_mode = True
    for header in ("X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Real-IP"):
        assert f"proxy_set_header {header} " in text
    # a request never replayed on another node once sent (POSTs are not idempotent)
    assert "non_idempotent" not in text


def test_private_instance(tmp_path):
    """Everything nginx writes stays under the prefix; it stays in the foreground."""
    text = prod_nodes.nginx_config(tmp_path, 8380, [8371], [8372])
    assert "daemon off;" in text
    for directive in ("pid", "error_log", "access_log", "client_body_temp_path", "proxy_temp_path"):
        line = next(line for line in text.splitlines() if line.strip().startswith(directive + " "))
        assert str(tmp_path) in line, line
    assert "/etc/nginx" not in text and "include " not in text


def test_bad_ports():
    with pytest.raises(ValueError):
        prod_nodes.nginx_config("/tmp/x", 8380, [8371, 8373], [8372])
    with pytest.raises(ValueError):
        prod_nodes.nginx_config("/tmp/x", 8380, [], [])


@pytest.mark.skipif(
    not any(shutil.which(c) for c in prod_nodes.NGINX_CANDIDATES), reason="nginx not installed"
)
def test_nginx_accepts_it(tmp_path):
    """nginx -t on the generated file: the syntax nginx itself checks."""
    for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "tmp" / kind).mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(prod_nodes.nginx_config(tmp_path, 8399, [8371, 8373], [8372, 8374]))
    result = subprocess.run(
        [prod_nodes.find_nginx(), "-t", "-p", str(tmp_path), "-c", str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_missing_nginx_says_how_to_install(monkeypatch):
    monkeypatch.setattr(prod_nodes.shutil, "which", lambda _name: None)
    with pytest.raises(prod_nodes.CheckError, match="apt-get install nginx"):
        prod_nodes.find_nginx()
