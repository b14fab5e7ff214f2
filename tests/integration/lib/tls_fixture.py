#!/usr/bin/env python3
"""Throwaway TLS material for the integration tests, made with the `openssl` CLI.

``TlsFiles()`` creates, in a new temporary folder:

* ``ca_cert`` / ``ca_key``: a self-signed CA ("awsx test CA");
* ``server_cert`` / ``server_key``: a server certificate signed by that CA for
  ``IP:127.0.0.1`` and ``DNS:localhost``; ``server_chain`` holds it followed by the CA
  certificate, as a server sends it;
* ``wrong_cert`` / ``wrong_key``: a certificate signed by the same CA, but only for
  ``DNS:sts.wrong-host.invalid``, so a client connecting to 127.0.0.1 must reject it;
* ``other_ca_cert``: a second CA that signed none of the above.

Nothing is installed anywhere and nothing touches the network. A missing `openssl`
is an error that says what to install, never a skip.

Python use::

    with TlsFiles() as tls:
        standin = StsStandin(upstream=moto.url, certfile=tls.server_cert, keyfile=tls.server_key)
        env["AWS_CA_BUNDLE"] = tls.ca_cert
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile


class TlsFixtureError(RuntimeError):
    """The TLS material could not be made."""


def _openssl() -> str:
    path = shutil.which("openssl")
    if path is None:
        raise TlsFixtureError("tls_fixture: the `openssl` command is not on PATH; "
                              "install it (apt-get install openssl)")
    return path


class TlsFiles:
    """A CA and certificates in a temporary folder; see the module docstring."""

    def __init__(self) -> None:
        self.openssl = _openssl()
        self.dir = tempfile.mkdtemp(prefix="awsx-tls-")
        self.ca_cert, self.ca_key = self._ca("ca", "awsx test CA")
        self.other_ca_cert, _ = self._ca("other-ca", "awsx unrelated CA")
        self.server_cert, self.server_key = self._leaf(
            "server", "127.0.0.1", "IP:127.0.0.1,DNS:localhost")
        self.wrong_cert, self.wrong_key = self._leaf(
            "wrong", "sts.wrong-host.invalid", "DNS:sts.wrong-host.invalid")
        self.server_chain = self._path("server-chain.pem")
        with open(self.server_chain, "w", encoding="utf-8") as out:
            for part in (self.server_cert, self.ca_cert):
                with open(part, encoding="utf-8") as f:
                    out.write(f.read())

    def _run(self, *args: str) -> None:
        proc = subprocess.run([self.openssl, *args], cwd=self.dir, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=60)
        if proc.returncode != 0:
            raise TlsFixtureError(f"tls_fixture: openssl {' '.join(args)} failed:\n{proc.stderr}")

    def _path(self, name: str) -> str:
        return os.path.join(self.dir, name)

    def _ca(self, name: str, subject: str) -> tuple[str, str]:
        cert, key = self._path(name + ".pem"), self._path(name + ".key")
        self._run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                  "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=" + subject,
                  "-addext", "basicConstraints=critical,CA:TRUE",
                  "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        return cert, key

    def _leaf(self, name: str, common_name: str, san: str) -> tuple[str, str]:
        cert, key, csr = (self._path(name + ".pem"), self._path(name + ".key"),
                          self._path(name + ".csr"))
        ext = self._path(name + ".ext")
        with open(ext, "w", encoding="utf-8") as f:
            f.write(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                    "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
        self._run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                  "-keyout", key, "-out", csr, "-subj", "/CN=" + common_name)
        self._run("x509", "-req", "-in", csr, "-CA", self.ca_cert, "-CAkey", self.ca_key,
                  "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext)
        return cert, key

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> "TlsFiles":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.remove()
