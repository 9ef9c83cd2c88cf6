"""What the browser reports about a page: console errors and failed requests."""

from __future__ import annotations

import json


def drain_logs(browser) -> None:
    browser.get_log("browser")
    browser.get_log("performance")


def console_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def failed_requests(browser) -> list[str]:
    """Requests that failed (Network.loadingFailed) or answered 4xx/5xx, from the performance log."""
    urls, failed = {}, []
    for entry in browser.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        if msg["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif msg["method"] == "Network.loadingFailed" and not params.get("canceled"):
            failed.append(f"{urls.get(params['requestId'], params['requestId'])}: {params['errorText']}")
        elif msg["method"] == "Network.responseReceived" and params["response"].get("status", 0) >= 400:
            failed.append(f"{params['response']['url']}: HTTP {params['response']['status']}")
    return failed
