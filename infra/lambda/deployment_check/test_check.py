"""The deployment check against real HTTP servers on loopback: a healthy green, a broken one, and none at all."""
import http.server
import os
import threading
import unittest
from unittest import mock

import check


class Green(http.server.BaseHTTPRequestHandler):
    """Answers like web and api do; `broken` makes every answer a 503 problem."""
    broken = False

    def do_GET(self):
        if self.broken:
            return self.answer(503, "application/problem+json", b'{"status":503}')
        if self.path == "/":
            return self.answer(200, "text/html; charset=utf-8", b"<html>items</html>")
        if self.path.startswith("/api/items"):
            return self.answer(200, "application/json", b'{"items":[],"next":null}')
        self.answer(404, "application/problem+json", b'{"status":404}')

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.broken:
            return self.answer(503, "application/problem+json", b'{"status":503}')
        self.answer(400, "application/problem+json", b'{"status":400}')

    def answer(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Broken(Green):
    broken = True


def serve(handler_class):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class DeploymentCheckTest(unittest.TestCase):

    def base_url(self, handler_class):
        server = serve(handler_class)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return f"http://127.0.0.1:{server.server_port}"

    def invoke(self, base_url, service):
        env = {"TEST_URL": base_url, "SERVICE": service, "CHECK_TIMEOUT_SECONDS": "1"}
        with mock.patch.dict(os.environ, env), mock.patch("check.time.sleep"):
            return check.handler({"lifecycleStage": "POST_TEST_TRAFFIC_SHIFT", "executionId": "e-1"}, None)

    def test_lets_the_deployment_continue_when_green_web_renders_the_page(self):
        self.assertEqual(self.invoke(self.base_url(Green), "web"), {"hookStatus": "SUCCEEDED"})

    def test_lets_the_deployment_continue_when_green_api_lists_and_validates(self):
        self.assertEqual(self.invoke(self.base_url(Green), "api"), {"hookStatus": "SUCCEEDED"})

    def test_fails_the_deployment_when_green_answers_503(self):
        self.assertEqual(self.invoke(self.base_url(Broken), "api"), {"hookStatus": "FAILED"})

    def test_fails_the_deployment_when_nothing_listens(self):
        server = serve(Green)
        port = server.server_port
        server.shutdown()
        server.server_close()
        self.assertEqual(self.invoke(f"http://127.0.0.1:{port}", "web"), {"hookStatus": "FAILED"})

    def test_names_each_failed_check_with_what_it_got(self):
        failures = check.run_checks(self.base_url(Broken), check.CHECKS["api"], 1, 0)
        self.assertEqual(failures, [
            "GET /api/items?limit=1: expected 200 application/json, got 503 application/problem+json",
            "POST /api/items: expected 400 application/problem+json, got 503 application/problem+json",
        ])


if __name__ == "__main__":
    unittest.main()
