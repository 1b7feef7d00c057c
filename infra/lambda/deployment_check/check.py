"""ECS deployment lifecycle hook: the smoke checks against the green tasks behind the test listener.

ECS invokes it after test traffic has moved to the green tasks and before any production traffic does. It answers
SUCCEEDED when every check passes and FAILED otherwise, which makes ECS roll the deployment back. The checks read
and validate only: nothing is written to the production table.
"""
import json
import os
import time
import urllib.error
import urllib.request

# (method, path, body, expected status, expected content type) per service.
CHECKS = {
    "web": [
        ("GET", "/", None, 200, "text/html"),
    ],
    "api": [
        ("GET", "/api/items?limit=1", None, 200, "application/json"),
        # Validation happens in api itself, before anything is forwarded: a problem+json 400, nothing stored.
        ("POST", "/api/items", b'{"name": "", "quantity": -1}', 400, "application/problem+json"),
    ],
}

ATTEMPTS = 3


def handler(event, context):
    service = os.environ["SERVICE"]
    base_url = os.environ["TEST_URL"].rstrip("/")
    timeout = float(os.environ.get("CHECK_TIMEOUT_SECONDS", "5"))
    failures = run_checks(base_url, CHECKS[service], timeout, pause=2.0)
    print(json.dumps({
        "service": service,
        "lifecycleStage": event.get("lifecycleStage"),
        "executionId": event.get("executionId"),
        "failures": failures,
    }))
    return {"hookStatus": "FAILED" if failures else "SUCCEEDED"}


def run_checks(base_url, checks, timeout, pause):
    """Runs every check; returns one line per failed check (empty when all passed)."""
    failures = []
    for method, path, body, status, content_type in checks:
        outcome = check(base_url + path, method, body, timeout, pause)
        if isinstance(outcome, str):
            failures.append(f"{method} {path}: {outcome}")
            continue
        got_status, got_type = outcome
        if got_status != status or not got_type.startswith(content_type):
            failures.append(f"{method} {path}: expected {status} {content_type}, got {got_status} {got_type}")
    return failures


def check(url, method, body, timeout, pause):
    """(status, content type) of the answer, or a message when no answer came after every attempt."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    error = None
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(pause)
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Content-Type", "")
        except (urllib.error.URLError, OSError) as failure:
            # No answer at all (refused, reset, timed out): the only case worth another attempt.
            error = f"no answer after {ATTEMPTS} attempts: {getattr(failure, 'reason', failure)}"
    return error
