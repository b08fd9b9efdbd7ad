"""The baseline as a browser meets it: expiry, the second factor, the timeout, the lock."""

import os
import time
from datetime import datetime, timedelta
from unittest import mock

from odoo import http
from odoo.tests import HOST, HttpCase, Opener, get_db_name, new_test_user, tagged

from .common import production_policy


@tagged("post_install", "-at_install")
class TestLoginHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        production_policy(cls.env)
        cls.clerk = new_test_user(
            cls.env, login="ta_http_clerk", groups="target_assessment.group_unit_user"
        )
        cls.office = new_test_user(
            cls.env,
            login="ta_http_office",
            groups="target_assessment.group_office",
            email="office@jiangling.gov.cn",
        )

    def login(self, login, password=None):
        """Post the login form as a browser does; the response after its redirects."""
        self.session = http.root.session_store.new()
        self.opener = Opener(self)
        self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")
        with mock.patch("odoo.http.db_filter") as db_filter:
            db_filter.side_effect = lambda dbs, host=None: [get_db_name()]
            response = self.url_open(
                "/web/login",
                data={
                    "login": login,
                    "password": password or login,
                    "csrf_token": http.Request.csrf_token(self),
                },
            )
        response.raise_for_status()
        return response

    def test_unit_user_logs_in(self):
        self.assertEqual(self.login("ta_http_clerk").request.path_url, "/odoo")

    def test_expired_password_forces_a_change(self):
        self.clerk.password_write_date = datetime.now() - timedelta(days=92)
        self.env.flush_all()  # the server's requests read the database
        response = self.login("ta_http_clerk")
        self.assertIn("/web/reset_password", response.request.path_url)

    def test_office_is_asked_a_second_factor(self):
        response = self.login("ta_http_office")
        self.assertEqual(response.request.path_url.split("?")[0], "/web/login/totp")
        # not logged in yet: the web client sends it back to the login
        self.assertIn("/web/login", self.url_open("/odoo").request.path_url)

    def test_session_times_out(self):
        self.assertEqual(self.login("ta_http_clerk").request.path_url, "/odoo")
        sid = self.opener.cookies["session_id"]
        self.assertTrue(http.root.session_store.get(sid).uid)
        # 31 minutes without a request
        path = http.root.session_store.get_session_filename(sid)
        stale = time.time() - 31 * 60
        os.utime(path, (stale, stale))
        self.url_open("/odoo")
        self.assertFalse(http.root.session_store.get(sid).uid)
        self.assertIn("/web/login", self.url_open("/odoo").request.path_url)

    def test_repeated_failures_lock_the_account(self):
        for _attempt in range(5):
            self.assertEqual(self.login("ta_http_clerk", "wrong").request.path_url, "/web/login")
        response = self.login("ta_http_clerk")
        self.assertEqual(response.request.path_url, "/web/login")
        self.assertIn("locked", response.text)
