#!/usr/bin/env python3
"""A payments agent in Python whose every tool call is judged by the Portcullis guard server.

Standard library only (urllib.request and json), Python 3.10 or newer. Start a guard server with
this folder's policy (README.md shows how), then:

    python3 agent.py --url http://127.0.0.1:8787 --agent-key pcs_... --operator-key pcs_...

The protocol, for each tool call the model plans:

  1. POST /v1/run with the call. The server judges it and, when the policy says "ask", holds the
     request open until a person answers (or the wait runs out).
  2. The answer's status is "execute": run the tool with verdict.args (the policy may have
     rewritten them, e.g. a redacted secret), then POST /v1/settle with outcome "executed", or
     "failed" and the error when the tool raised.
     Any other status ("blocked", "rejected", "expired"): do not run the tool; tell the model
     why (verdict.reason), so it can explain or try something else.
  3. Anything else (no server, a timeout, a non-2xx answer, a body that is not what the API
     documents) also means: do not run the tool. The server fails closed, and so does its client.

The operator part uses another key (role "operator"): it lists pending approvals and approves the
transfer the agent waits for, then reads the audit. In production that is a person at the
dashboard or `portcullis approvals approve <id>`; here a thread plays the part.

src/main.ts makes these same HTTP exchanges from Node against an in-process server in the test
suite, and checks that this file uses the same routes and JSON fields.
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Callable

# Who is acting: recorded in every audit record, and the key budgets and rate limits are kept by.
PRINCIPAL = {"agentId": "payments-agent", "userId": "u-42"}

# How long a call may wait for a person, and how long any request may take beyond that.
APPROVAL_WAIT_MS = 30_000
REQUEST_TIMEOUT_S = 10


class GuardUnavailable(Exception):
    """The guard server gave no usable answer. Callers treat it as a denial."""


class GuardClient:
    """JSON over HTTP to the guard server with one API key. Every failure raises GuardUnavailable."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url.rstrip("/")
        self.key = key

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = REQUEST_TIMEOUT_S
    ) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.key}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                answer = json.loads(response.read())
        except urllib.error.HTTPError as error:
            # A non-2xx answer (400 bad request, 401 bad key, 403 wrong role, 429, 5xx): the
            # server said no, or could not judge. Either way nothing may run.
            raise GuardUnavailable(f"HTTP {error.code} {describe_error_body(error)}") from error
        except urllib.error.URLError as error:
            raise GuardUnavailable(f"no connection: {error.reason}") from error
        except (OSError, http.client.HTTPException, ValueError) as error:
            # A timeout while reading, a dropped connection, a body that is not JSON.
            raise GuardUnavailable(f"{type(error).__name__}: {error}") from error
        if not isinstance(answer, dict):
            raise GuardUnavailable("the answer is not a JSON object")
        return answer


def describe_error_body(error: urllib.error.HTTPError) -> str:
    """The API's error as "code: message" (its bodies are {"error": {"code", "message"}})."""
    try:
        payload = json.loads(error.read())
        return f'{payload["error"]["code"]}: {payload["error"]["message"]}'
    except Exception:
        return str(error.reason)


# --- The bank's tools (stand-ins). The agent calls them only after the guard server says so. ---

PAYEES = ("landlord", "savings")


def get_balance(args: dict[str, Any]) -> str:
    return f"balance of {args['account']}: $4200"


def transfer_funds(args: dict[str, Any]) -> str:
    if args["to"] not in PAYEES:
        raise ValueError(f"unknown payee {args['to']}")
    return f"moved ${args['amount']} to {args['to']}"


def send_email(args: dict[str, Any]) -> str:
    return f"sent to {args['to']}: {args['body']}"


def close_account(args: dict[str, Any]) -> str:
    # The policy denies this tool, so the agent never runs it.
    return f"closed {args['account']}"


TOOLS: dict[str, Callable[[dict[str, Any]], str]] = {
    tool.__name__: tool for tool in (get_balance, transfer_funds, send_email, close_account)
}


# --- The agent: one guarded tool call. ---


def guarded_call(agent: GuardClient, tool: str, args: dict[str, Any]) -> str:
    """Runs one planned tool call through the guard server; returns what the model is told."""
    context = {"tool": tool, "args": args, "principal": PRINCIPAL}
    try:
        # The socket timeout must outlast the approval wait: the server answers only once a
        # person has decided (or the wait is over).
        answer = agent.request(
            "POST",
            "/v1/run",
            {"context": context, "approvalTimeoutMs": APPROVAL_WAIT_MS},
            timeout=APPROVAL_WAIT_MS / 1000 + REQUEST_TIMEOUT_S,
        )
    except GuardUnavailable as error:
        return f"{tool} was not run: no answer from the guard server ({error})"

    status = answer.get("status")
    verdict = answer.get("verdict")
    if not isinstance(verdict, dict) or not isinstance(verdict.get("id"), str):
        return f"{tool} was not run: the guard server's answer has no verdict"
    if status != "execute":
        # "blocked", "rejected", "expired", or a status this client does not know: never run.
        return f"{tool} was not run ({status}): {verdict.get('reason')}"
    run_args = verdict.get("args")
    if not isinstance(run_args, dict):
        return f"{tool} was not run: the verdict has no arguments"

    # Run the tool with the arguments the server handed back, not the ones the model wrote.
    try:
        result = TOOLS[tool](run_args)
    except Exception as error:
        # A tool fault, not a block: the model hears it, and the audit says "failed".
        settle(agent, verdict["id"], "failed", str(error))
        return f"{tool} failed: {error}"
    settle(agent, verdict["id"], "executed")
    return result


def settle(agent: GuardClient, verdict_id: str, outcome: str, error: str | None = None) -> None:
    """Tells the server how the call ended: writes the audit record, commits or releases budgets."""
    body: dict[str, Any] = {"id": verdict_id, "outcome": outcome}
    if error is not None:
        body = {**body, "error": error[:2000]}  # the API keeps at most 2,000 characters
    try:
        answer = agent.request("POST", "/v1/settle", body)
        if answer.get("settled") is not True:
            print(f"  warning: settle of {verdict_id} was not confirmed")
    except GuardUnavailable as failure:
        # The tool has run and cannot be undone. The server settles the call itself after its
        # time-to-live (as "failed"), so the audit still gets a record.
        print(f"  warning: could not settle {verdict_id}: {failure}")


# --- The operator: another key, another role. ---


def approve_pending(operator: GuardClient, tool: str, within_s: float = 10) -> str:
    """Waits for a pending approval of `tool`, approves it; returns the approval's new status."""
    deadline = time.monotonic() + within_s
    try:
        while time.monotonic() < deadline:
            listing = operator.request("GET", "/v1/approvals?status=pending")
            for approval in listing["approvals"]:
                if approval["tool"] == tool:
                    reasons = "; ".join(approval["reasons"])
                    print(f"  operator sees {tool} {json.dumps(approval['args'])}: {reasons}")
                    answer = operator.request("POST", f"/v1/approvals/{approval['id']}/approve", {})
                    return answer["approval"]["status"]
            time.sleep(0.1)
    except GuardUnavailable as error:
        # Nobody approved: the agent's call runs into its wait and is denied ("expired").
        return f"no answer from the guard server ({error})"
    return "nothing to approve"


def audit_lines(operator: GuardClient, since_ms: int) -> list[str]:
    """The audit since `since_ms` (epoch ms), oldest first: one line per call that reached the policy."""
    # The server's clock decides what "since" means: on another machine, allow for clock skew.
    records = operator.request("GET", f"/v1/audit?since={since_ms}&limit=50")["records"]
    # The API lists the newest first.
    return [
        f"{record['tool']} {record['effect']} {record['outcome']} {record.get('approver') or '-'}"
        for record in reversed(records)
    ]


def unused_url() -> str:
    """The URL of a port nobody listens on: a guard server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def main() -> None:
    parser = argparse.ArgumentParser(description="A Python agent guarded by the Portcullis guard server.")
    parser.add_argument("--url", default="http://127.0.0.1:8787", help="guard server URL")
    parser.add_argument("--agent-key", required=True, help="an API key with the agent role")
    parser.add_argument("--operator-key", required=True, help="an API key with the operator role")
    options = parser.parse_args()
    started_ms = int(time.time() * 1000)
    agent = GuardClient(options.url, options.agent_key)
    operator = GuardClient(options.url, options.operator_key)

    # What the model planned. Each result is what it is told back.
    plan = [
        ("get_balance", {"account": "checking"}),
        ("transfer_funds", {"amount": 250, "to": "landlord"}),
        (
            "send_email",
            {
                "to": "it@bank.example",
                "subject": "Deploy key",
                "body": "The new deploy key is ghp_Zq8wL3mN5pR7tV9xB2dF4hJ6kS1aC0eG3yU8 - keep it safe",
            },
        ),
        ("transfer_funds", {"amount": 25_000, "to": "offshore-llc"}),
        ("close_account", {"account": "checking"}),
    ]
    for tool, args in plan:
        print(f"{tool}: {guarded_call(agent, tool, args)}")

    # Above $1,000 the policy asks a person. The agent's request waits while the operator,
    # concurrently, finds the request and approves it.
    approvals: list[str] = []
    operator_thread = threading.Thread(
        target=lambda: approvals.append(approve_pending(operator, "transfer_funds")), daemon=True
    )
    operator_thread.start()
    result = guarded_call(agent, "transfer_funds", {"amount": 2_500, "to": "savings"})
    operator_thread.join()
    print(f"transfer_funds: {result}  (operator: {approvals[0]})")

    # Allowed by the policy, but the tool itself fails: settled as "failed".
    print(f"transfer_funds: {guarded_call(agent, 'transfer_funds', {'amount': 400, 'to': 'acct-991'})}")

    # Fail closed: a wrong key is answered 401, and the tool does not run.
    intruder = GuardClient(options.url, "pcs_not_a_key")
    print(f"get_balance: {guarded_call(intruder, 'get_balance', {'account': 'checking'})}")

    # One audit record per call that reached the policy (the 401 did not).
    print("audit (tool effect outcome approver):")
    try:
        for line in audit_lines(operator, started_ms):
            print(f"  {line}")
    except GuardUnavailable as error:
        print(f"  no answer from the guard server ({error})")

    # Fail closed: no guard server, no tool call.
    down = GuardClient(unused_url(), options.agent_key)
    print(f"get_balance: {guarded_call(down, 'get_balance', {'account': 'checking'})}")


if __name__ == "__main__":
    main()
