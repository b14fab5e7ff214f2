"""TLS and proxies with real peers: the STS stand-in serves HTTPS with a throwaway CA made
by `openssl` and forwards to moto; a loopback forward proxy records what it is asked.
Proxy rules are checked against botocore's own should_bypass_proxies()."""

from __future__ import annotations

import base64
import os
import sys
import time
import unittest
from unittest import mock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "lib"))
import sts_standin as standin  # noqa: E402
from awsxtest import Home, Result, run_awsx, shared_moto, write_moto_profiles  # noqa: E402
from cloudshell_stub import CloudShellStub  # noqa: E402
from forward_proxy import ForwardProxy  # noqa: E402
from loopback import LoopbackServer, closed_port  # noqa: E402
from motofixture import MotoSts  # noqa: E402
from tls_fixture import TlsFiles  # noqa: E402

NETWORK, CONFIG = 6, 3
TIMEOUT = 2
PROXY_USER, PROXY_PASSWORD = "alice", "s3cr3t:p@ss/word"
PROXY_LOGIN = "alice:s3cr3t%3Ap%40ss%2Fword@"  # the same, as it goes into a URL

MOTO: MotoSts | None = None
TLS: TlsFiles | None = None


def setUpModule() -> None:
    global MOTO, TLS
    TLS = TlsFiles()
    MOTO = shared_moto()


def tearDownModule() -> None:
    if TLS is not None:
        TLS.remove()


class PlainAnswer(LoopbackServer):
    """Answers every connection at once with a plain HTTP 400, as an http server answers a
    TLS ClientHello, and counts the connections."""

    def __init__(self) -> None:
        super().__init__()
        self.connections = 0

    def serve(self, sock) -> None:  # noqa: ANN001 - a socket
        self.connections += 1
        sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


class PeerTest(unittest.TestCase):
    """Profile `prod` assumes moto's role from the step user's keys; `bundled` does the same
    with ca_bundle set. Peers: an HTTPS stand-in, a plain one, and a forward proxy."""

    def setUp(self) -> None:
        assert MOTO is not None and TLS is not None
        self.moto, self.tls = MOTO, TLS
        self.home = Home()
        write_moto_profiles(self.home, MOTO, extra=f"""
            [profile bundled]
            role_arn = {MOTO.role_arn}
            source_profile = step
            ca_bundle = {TLS.ca_cert}
            """)
        self.https = standin.StsStandin(upstream=MOTO.url, certfile=TLS.server_chain,
                                        keyfile=TLS.server_key).start()
        self.plain = standin.StsStandin(upstream=MOTO.url).start()
        self.proxy = ForwardProxy().start()
        self.env = self.home.env(AWS_ENDPOINT_URL_STS=self.https.url, AWSX_HTTP_TIMEOUT=str(TIMEOUT))
        MOTO.reset_recording()

    def tearDown(self) -> None:
        for peer in (self.https, self.plain, self.proxy):
            peer.stop()
        self.home.remove()

    def exec_(self, profile: str = "prod", **env: str) -> Result:
        return run_awsx(["exec", profile, "--no-cache", "--", "true"], dict(self.env, **env))

    def assert_one_line_error(self, r: Result, code: int, *needles: str) -> str:
        self.assertEqual(r.code, code, r.err)
        lines = r.err.splitlines()
        self.assertEqual(len(lines), 1 + sum(1 for line in lines if line.startswith("awsx: hint: ")),
                         r.err)
        self.assertTrue(lines[0].startswith("awsx: error: "), r.err)
        for needle in needles:
            self.assertIn(needle, lines[0])
        assert MOTO is not None
        self.assertNotIn(MOTO.step_secret_access_key, r.err + r.out)
        self.assertNotIn(PROXY_PASSWORD, r.err + r.out)
        self.assertNotIn("s3cr3t", r.err + r.out)
        return lines[0]

    def assert_reached_moto(self) -> None:
        self.assertEqual([c["action"] for c in self.moto.sts_calls()], ["AssumeRole"])


class Tls(PeerTest):
    def test_aws_ca_bundle_trusts_the_private_ca(self) -> None:
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.https.tls_errors, [])
        self.assert_reached_moto()

    def test_ca_bundle_in_the_profile(self) -> None:
        r = self.exec_("bundled")
        self.assertEqual(r.code, 0, r.err)
        self.assert_reached_moto()

    def test_whoami_verifies_with_the_same_bundle(self) -> None:
        r = run_awsx(["whoami", "bundled", "--no-cache"], self.env)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn(":assumed-role/prod-role/", r.out)
        self.assertEqual([s.action for s in self.https.requests], ["AssumeRole", "GetCallerIdentity"])

    def test_a_host_name_the_certificate_lists(self) -> None:
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert,
                       AWS_ENDPOINT_URL_STS=self.https.url.replace("127.0.0.1", "localhost"))
        self.assertEqual(r.code, 0, r.err)

    def test_the_system_store_does_not_trust_the_private_ca(self) -> None:
        r = self.exec_()
        self.assert_one_line_error(
            r, NETWORK, f"sts AssumeRole for profile prod: TLS certificate verify failed for "
            f"{self.https.url}: self-signed certificate in certificate chain (CAs of the system store)")
        self.assertIn("awsx: hint: if a private CA or a TLS-inspecting proxy signs it, set "
                      "AWS_CA_BUNDLE or ca_bundle", r.err)
        self.assertEqual(self.https.connections, 1, "a certificate failure must not be retried")
        self.assertEqual(self.https.requests, [], "a request went out over an untrusted connection")
        self.assertTrue(any("unknown ca" in e for e in self.https.tls_errors), self.https.tls_errors)

    def test_a_bundle_of_another_ca(self) -> None:
        r = self.exec_(AWS_CA_BUNDLE=self.tls.other_ca_cert)
        self.assert_one_line_error(r, NETWORK, "TLS certificate verify failed for " + self.https.url,
                                   f"(CAs from AWS_CA_BUNDLE={self.tls.other_ca_cert})")
        self.assertEqual(self.https.requests, [])

    def test_a_certificate_for_another_host(self) -> None:
        assert MOTO is not None
        with standin.StsStandin(upstream=MOTO.url, certfile=self.tls.wrong_cert,
                                keyfile=self.tls.wrong_key) as wrong:
            r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, AWS_ENDPOINT_URL_STS=wrong.url)
            sent = list(wrong.requests)
        self.assert_one_line_error(r, NETWORK, f"the TLS certificate of {wrong.url} is not valid "
                                   "for the host name 127.0.0.1")
        self.assertEqual(sent, [], "the signed request went to a host the certificate does not name")

    def test_a_bundle_that_cannot_be_read_is_a_config_error(self) -> None:
        r = self.exec_(AWS_CA_BUNDLE="/nonexistent/awsx-ca.pem")
        self.assert_one_line_error(r, CONFIG, "cannot load the CA bundle /nonexistent/awsx-ca.pem "
                                   "(from AWS_CA_BUNDLE): No such file or directory")
        not_pem = os.path.join(self.home.path, "not-a-ca.pem")
        with open(not_pem, "w", encoding="utf-8") as f:
            f.write("this is not PEM\n")
        with open(self.home.config, "a", encoding="utf-8") as f:
            f.write(f"\n[profile broken]\nrole_arn = {self.moto.role_arn}\nsource_profile = step\n"
                    f"ca_bundle = {not_pem}\n")
        r = self.exec_("broken")
        self.assert_one_line_error(r, CONFIG, f"cannot load the CA bundle {not_pem} (from "
                                   f"ca_bundle of profile broken ({self.home.config}:")
        self.assertEqual(self.https.connections, 0)

    def test_https_to_a_plain_http_port(self) -> None:
        assert MOTO is not None
        url = MOTO.url.replace("http://", "https://")
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, AWS_ENDPOINT_URL_STS=url)
        self.assert_one_line_error(r, NETWORK, f"TLS handshake with {url} failed: wrong version number")

    def test_a_failed_handshake_with_the_container_endpoint_is_not_retried(self) -> None:
        # It fails the same way every time: one attempt, its own message and hint, as for STS.
        with PlainAnswer() as peer:
            url = peer.url.replace("http://", "https://")
            r = run_awsx(["export", "--format", "env"], dict(
                self.env, AWS_CONTAINER_CREDENTIALS_FULL_URI=url + "/creds", AWS_REGION="eu-west-1",
                AWS_CONTAINER_AUTHORIZATION_TOKEN="container-token-never-shown"))
            tried = peer.connections
        self.assert_one_line_error(r, NETWORK, f"container credential endpoint {url}/creds: TLS "
                                   f"handshake with {url} failed: wrong version number")
        self.assertIn("awsx: hint: is the endpoint really https, on the right port?", r.err)
        self.assertNotIn("container-token-never-shown", r.err)
        self.assertEqual(tried, 1, "a failed handshake must not be retried")

    def test_a_server_that_never_starts_tls(self) -> None:
        self.https.script(*[standin.silent()] * 3)
        start = time.monotonic()
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert)
        took = time.monotonic() - start
        self.assert_one_line_error(r, NETWORK, f"no TLS handshake from {self.https.url} within "
                                   f"{TIMEOUT}s (after 3 attempts)")
        self.assertLess(took, 3 * TIMEOUT + 1.5 + 3.0)


class Proxies(PeerTest):
    def seen(self, proxy: ForwardProxy | None = None) -> list[tuple[str, str]]:
        return [(s.method, s.target) for s in (proxy or self.proxy).seen]

    def test_https_proxy_tunnels_to_an_https_endpoint(self) -> None:
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=self.proxy.url,
                       HTTP_PROXY=f"http://127.0.0.1:{closed_port()}")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.seen(), [("CONNECT", f"127.0.0.1:{self.https.port}")])
        self.assertNotIn("proxy-authorization", self.proxy.seen[0].headers)
        self.assertEqual(len(self.https.requests), 1, "TLS did not run end to end through the tunnel")
        self.assert_reached_moto()

    def test_http_proxy_carries_an_http_endpoint(self) -> None:
        r = self.exec_(AWS_ENDPOINT_URL_STS=self.plain.url, HTTP_PROXY=self.proxy.url,
                       HTTPS_PROXY=f"http://127.0.0.1:{closed_port()}")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.seen(), [("POST", f"{self.plain.url}/")])
        self.assert_reached_moto()

    def test_https_proxy_is_not_used_for_http(self) -> None:
        r = self.exec_(AWS_ENDPOINT_URL_STS=self.plain.url, HTTPS_PROXY=self.proxy.url)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(self.seen(), [])

    def test_lowercase_variables_win_and_an_empty_one_cancels(self) -> None:
        dead = f"http://127.0.0.1:{closed_port()}"
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=dead, https_proxy=self.proxy.url)
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(len(self.seen()), 1)
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=dead, https_proxy="")
        self.assertEqual(r.code, 0, r.err)
        self.assertEqual(len(self.seen()), 1, "the empty https_proxy did not cancel HTTPS_PROXY")

    def test_no_proxy_agrees_with_botocore(self) -> None:
        try:
            import botocore.utils  # noqa: PLC0415
        except ImportError:
            self.fail("botocore is missing: python3 -m pip install botocore")
        port = self.https.port
        cases = [
            {"NO_PROXY": "127.0.0.1"}, {"no_proxy": "127.0.0.1"}, {"NO_PROXY": f"127.0.0.1:{port}"},
            {"NO_PROXY": f"127.0.0.1:{port + 1}"}, {"NO_PROXY": "example.com, 127.0.0.1 "},
            {"NO_PROXY": ".0.0.1"}, {"NO_PROXY": "0.0.1"}, {"NO_PROXY": "*"},
            {"NO_PROXY": "example.com,*"}, {"NO_PROXY": "example.com"}, {"NO_PROXY": "27.0.0.1"},
            {"NO_PROXY": "127.0.0.1", "no_proxy": "example.com"},
            {"NO_PROXY": "127.0.0.1", "no_proxy": ""},
        ]
        for no_proxy in cases:
            with self.subTest(no_proxy=no_proxy):
                base = {"HTTPS_PROXY": self.proxy.url, **no_proxy}
                with mock.patch.dict(os.environ, base, clear=True):
                    bypass = botocore.utils.should_bypass_proxies(self.https.url)
                self.proxy.seen.clear()
                r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, **base)
                self.assertEqual(r.code, 0, r.err)
                self.assertEqual(self.seen(), [] if bypass else [("CONNECT", f"127.0.0.1:{port}")],
                                 f"botocore would {'bypass' if bypass else 'use'} the proxy")

    def test_the_container_endpoint_is_never_proxied(self) -> None:
        # botocore's container provider ignores proxies: its token must not reach one.
        creds = {"AccessKeyId": "ASIACONTAINER", "SecretAccessKey": "container-secret",
                 "SessionToken": "container-session", "Expiration": "2099-01-01T00:00:00Z"}
        with CloudShellStub(creds, "container-token-never-proxied") as stub:
            r = run_awsx(["export", "--format", "env"], dict(
                self.env, AWS_CONTAINER_CREDENTIALS_FULL_URI=stub.url, AWS_REGION="eu-west-1",
                AWS_CONTAINER_AUTHORIZATION_TOKEN="container-token-never-proxied",
                HTTP_PROXY=self.proxy.url, HTTPS_PROXY=self.proxy.url))
            served = len(stub.requests)
        self.assertEqual(r.code, 0, r.err)
        self.assertIn("ASIACONTAINER", r.out)
        self.assertEqual(served, 1)
        self.assertEqual(self.seen(), [])

    def test_a_login_in_the_proxy_url_is_sent_and_never_shown(self) -> None:
        with ForwardProxy(PROXY_USER, PROXY_PASSWORD) as auth:
            url = auth.url.replace("http://", "http://" + PROXY_LOGIN)
            r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=url)
            self.assertEqual(r.code, 0, r.err)
            want = "Basic " + base64.b64encode(f"{PROXY_USER}:{PROXY_PASSWORD}".encode()).decode()
            self.assertEqual(auth.seen[0].headers.get("proxy-authorization"), want)
            # A failure through the same proxy: its message names the proxy, not the login.
            r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=url,
                           AWS_ENDPOINT_URL_STS="https://localhost.invalid:1")
        self.assert_one_line_error(r, NETWORK, f"proxy {auth.url} (from HTTPS_PROXY) refused the "
                                   "tunnel to localhost.invalid:1: Bad Gateway")

    def test_a_proxy_that_wants_a_login(self) -> None:
        with ForwardProxy(PROXY_USER, PROXY_PASSWORD) as auth:
            r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=auth.url)
            tries = len(auth.seen)
            wrong = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert,
                               HTTPS_PROXY=auth.url.replace("http://", "http://alice:not-it-7731@"))
            plain = self.exec_(AWS_ENDPOINT_URL_STS=self.plain.url, HTTP_PROXY=auth.url)
        self.assert_one_line_error(r, NETWORK, f"proxy {auth.url} (from HTTPS_PROXY) refused the "
                                   f"tunnel to 127.0.0.1:{self.https.port}: Proxy Authentication Required")
        self.assertIn("awsx: hint: the proxy wants a login: put it into the URL", r.err)
        self.assertEqual(tries, 1, "a refusal by the proxy must not be retried")
        self.assert_one_line_error(wrong, NETWORK, "Proxy Authentication Required")
        self.assertIn("awsx: hint: check the user name and password in HTTPS_PROXY", wrong.err)
        self.assertNotIn("not-it-7731", wrong.err)
        self.assert_one_line_error(plain, NETWORK, f"proxy {auth.url} (from HTTP_PROXY) wants a "
                                   "login: 407 Proxy Authentication Required")

    def test_a_proxy_that_forbids_the_tunnel(self) -> None:
        with ForwardProxy(refuse=True) as refusing:
            r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert, HTTPS_PROXY=refusing.url)
        self.assert_one_line_error(r, NETWORK, f"proxy {refusing.url} (from HTTPS_PROXY) refused "
                                   f"the tunnel to 127.0.0.1:{self.https.port}: Forbidden")
        self.assertIn("NO_PROXY", r.err)

    def test_a_proxy_that_is_not_there(self) -> None:
        port = closed_port()
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert,
                       HTTPS_PROXY=f"http://{PROXY_LOGIN}127.0.0.1:{port}")
        self.assert_one_line_error(r, NETWORK, f"connection refused by proxy http://127.0.0.1:{port} "
                                   "(from HTTPS_PROXY) (after 3 attempts)")
        self.assertEqual(self.https.connections, 0)

    def test_an_https_proxy_url_is_a_config_error(self) -> None:
        r = self.exec_(AWS_CA_BUNDLE=self.tls.ca_cert,
                       HTTPS_PROXY=f"https://{PROXY_LOGIN}127.0.0.1:{self.proxy.port}")
        self.assert_one_line_error(r, CONFIG, "the proxy in HTTPS_PROXY (https://...) is an "
                                   "https:// URL")
        self.assertEqual(self.seen(), [])


if __name__ == "__main__":
    unittest.main()
