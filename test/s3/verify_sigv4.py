"""Checks SigV4 signatures of recorded S3 requests with botocore (an independent implementation).

Reads JSON on stdin: {"secret": ..., "token": ..., "requests": [{"method", "rawUrl", "headers"}]}.
Each request is rebuilt as an S3 server sees it: the path percent-decoded and encoded again with
S3's rule (every byte but unreserved ones and '/'), only the headers its SignedHeaders name, its
X-Amz-Date as the time. Prints one JSON line: for each request, whether botocore's signature equals
the one in its Authorization header.
"""
import json
import sys
from urllib.parse import quote, unquote, urlsplit

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def check(req, secret, token):
    auth_header = req["headers"]["authorization"]
    fields = dict(
        part.strip().split("=", 1) for part in auth_header[len("AWS4-HMAC-SHA256 "):].split(",")
    )
    key_id, date, region, service, _ = fields["Credential"].split("/")
    signed = fields["SignedHeaders"].split(";")
    split = urlsplit(req["rawUrl"])
    path = quote(unquote(split.path), safe="/~")
    headers = {name: req["headers"][name] for name in signed}
    url = "http://" + req["headers"]["host"] + path + ("?" + split.query if split.query else "")
    request = AWSRequest(method=req["method"], url=url, headers=headers)
    request.context["timestamp"] = req["headers"]["x-amz-date"]
    signer = S3SigV4Auth(Credentials(key_id, secret, token), service, region)
    canonical = signer.canonical_request(request)
    string_to_sign = signer.string_to_sign(request, canonical)
    expected = signer.signature(string_to_sign, request)
    return {
        "method": req["method"],
        "url": req["rawUrl"],
        "ok": expected == fields["Signature"],
        "signedHeaders": signed,
        "canonical": canonical,
    }


job = json.load(sys.stdin)
print(json.dumps([check(r, job["secret"], job.get("token")) for r in job["requests"]]))
