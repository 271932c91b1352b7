"""C2PA manifest definitions, checked by c2pa-python (the real reader) and signed offline."""

from __future__ import annotations

import datetime as dt
import io
import json
import struct
import warnings
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from provenance import Builder, examples
from provenance.cli import run
from provenance.errors import LossWarning
from provenance.formats import c2pa as c2pa_format
from provenance.formats import native
from provenance.model import Lineage
from provenance.strategies import any_lineages, lineages

IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"


def quiet(func: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossWarning)
        return func(*args, **kwargs)


def actions_of(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    (assertion,) = [a for a in manifest["assertions"] if a["label"] == "c2pa.actions.v2"]
    actions: list[dict[str, Any]] = assertion["data"]["actions"]
    return actions


# -- the definition ----------------------------------------------------------------------------


def test_seed_manifest() -> None:
    with pytest.warns(LossWarning, match="the steps before ingredient fa-article"):
        manifest = c2pa_format.to_dict(examples.get("shafaqna"))
    assert manifest["claim_generator_info"][0]["name"] == "provenance"
    assert manifest["title"].startswith("The Presidents of Iraq and Syria")
    (parent,) = manifest["ingredients"]
    assert parent["relationship"] == "parentOf"
    assert parent["label"] == "fa-article"
    # The statements behind the Persian report are summarized in its description.
    assert "Persian, Shafaqna Persian, 2021-06-10" in parent["description"]
    assert "sy-statement (Arabic, Syrian Presidency, Telegram)" in parent["description"]
    actions = actions_of(manifest)
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.translated", "c2pa.published"]
    assert actions[0]["parameters"]["ingredientIds"] == ["fa-article"]
    translated = actions[1]["parameters"]
    assert (translated["sourceLanguage"], translated["targetLanguage"]) == ("fa", "en")
    assert "softwareAgent" not in actions[1]
    assert actions[2]["description"] == "published by Shafaqna English on 2021-06-10"


def test_machine_translation_names_the_software() -> None:
    lineage = examples.get("machine")
    assert c2pa_format.losses(lineage) == ()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        manifest = c2pa_format.to_dict(lineage)
    opened, translated, published = actions_of(manifest)
    assert opened["action"] == "c2pa.opened"
    assert translated["softwareAgent"] == {"name": "DeepL", "version": "2024-05"}
    assert translated["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    assert published["when"] == "2024-05-14T16:20:00+02:00"


def test_post_editing_is_a_second_action() -> None:
    actions = actions_of(quiet(c2pa_format.to_dict, examples.get("post-edited")))
    assert [a["action"] for a in actions] == [
        "c2pa.opened",
        "c2pa.translated",
        "c2pa.edited",
        "c2pa.published",
    ]
    assert actions[1]["softwareAgent"] == {"name": "Google Translate"}
    assert actions[1]["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    assert "machine translated, with minor manual corrections" in actions[1]["description"]
    assert actions[2]["digitalSourceType"] == IPTC + "humanEdits"
    assert actions[2]["description"] == "post-edited by Ana Ruiz"


def test_relay_keeps_the_first_hop_as_text_and_warns() -> None:
    lineage = examples.get("relay")
    with pytest.warns(LossWarning, match="the steps before ingredient en-story"):
        manifest = c2pa_format.to_dict(lineage)
    (parent,) = manifest["ingredients"]
    assert (
        "en-story: translation (human) by A. Kulkarni of mr-story (Marathi"
        in (parent["description"])
    )
    translated = actions_of(manifest)[1]["parameters"]
    assert (translated["sourceLanguage"], translated["targetLanguage"]) == ("en", "hi")


def test_republication_is_published_again() -> None:
    manifest = quiet(c2pa_format.to_dict, examples.get("syndication"))
    (parent,) = manifest["ingredients"]
    assert parent["informational_URI"] == "https://observer.example.org/2023/09/01/water-rates"
    assert parent["format"] == "text/html"
    actions = actions_of(manifest)
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.published"]
    assert "republished under a Creative Commons licence" in actions[1]["description"]


def test_republication_to_another_medium_is_repackaged() -> None:
    b = Builder()
    post = b.version("post", "ar", medium="Telegram")
    b.version("page", "ar", medium="web", derived_from=post, kind="republication")
    actions = actions_of(quiet(c2pa_format.to_dict, b.build()))
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.repackaged"]
    assert actions[1]["description"] == "Telegram to web"


def test_reporting_creates_a_text_with_component_ingredients() -> None:
    seed = examples.get("shafaqna")
    report = Lineage(
        subject="fa-article",
        versions=seed.versions,
        derivations=seed.derivations,
        agents=seed.agents,
    )
    manifest = quiet(c2pa_format.to_dict, report)
    assert [(i["label"], i["relationship"]) for i in manifest["ingredients"]] == [
        ("sy-statement", "componentOf"),
        ("iq-statement", "componentOf"),
    ]
    created, published = actions_of(manifest)
    assert created["action"] == "c2pa.created"
    assert created["digitalSourceType"] == IPTC + "digitalCreation"
    assert created["parameters"]["ingredientIds"] == ["sy-statement", "iq-statement"]
    assert created["description"] == "written as reporting"
    assert published["description"] == "published by Shafaqna Persian on 2021-06-10"
    assert "the subject's authors" not in " ".join(c2pa_format.losses(report))
    assert any(
        item.startswith("versions the subject does not derive from (en-article)")
        for item in c2pa_format.losses(report)
    )


@given(any_lineages())
def test_never_crashes_on_arbitrary_content(lineage: Lineage) -> None:
    manifest = json.loads(quiet(c2pa_format.dumps, lineage))
    actions = actions_of(manifest)
    assert actions[0]["action"] in ("c2pa.opened", "c2pa.created")
    labels = {i["label"] for i in manifest["ingredients"]}
    assert len(labels) == len(manifest["ingredients"])
    for action in actions:
        assert set(action.get("parameters", {}).get("ingredientIds", ())) <= labels
        if action["action"] == "c2pa.translated":
            assert action["parameters"]["sourceLanguage"]
            assert action["parameters"]["targetLanguage"]


def test_cli_convert(tmp_path: Path) -> None:
    source = tmp_path / "seed.json"
    source.write_text(native.dumps(examples.get("shafaqna")), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["convert", str(source), "--to", "c2pa", "--indent", "2"],
        stdin=io.StringIO(),
        stdout=out,
        stderr=err,
    )
    assert code == 0
    assert actions_of(json.loads(out.getvalue()))[1]["action"] == "c2pa.translated"
    assert "warning: c2pa drops the steps before ingredient fa-article" in err.getvalue()


# -- c2pa-python: the real Builder, signer and Reader ----------------------------------------


@pytest.fixture(scope="module")
def c2pa() -> Any:
    return pytest.importorskip(
        "c2pa", reason="c2pa-python is not installed (news-provenance[c2pa])"
    )


def png_bytes() -> bytes:
    """A 2x2 red PNG, made by hand so that the test needs no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def credentials() -> tuple[bytes, bytes, bytes]:
    """A test root CA and an ES256 end-entity certificate with the usages C2PA asks for."""
    pytest.importorskip("cryptography")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, common),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "provenance tests"),
            ]
        )

    def usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=sign,
            content_commitment=False,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=ca,
            crl_sign=ca,
            encipher_only=False,
            decipher_only=False,
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    root = (
        x509.CertificateBuilder()
        .subject_name(name("provenance test root"))
        .issuer_name(name("provenance test root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage(sign=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(name("provenance test signer"))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(sign=True, ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    chain = leaf.public_bytes(pem) + root.public_bytes(pem)
    private = key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return chain, private, root.public_bytes(pem)


def test_the_builder_accepts_the_definition(c2pa: Any) -> None:
    for name in examples.names():
        builder = c2pa.Builder(quiet(c2pa_format.dumps, examples.get(name)))
        builder.close()


def sign_and_read(
    c2pa: Any, lineage: Lineage, credentials: tuple[bytes, bytes, bytes], tmp_path: Path
) -> tuple[dict[str, Any], str]:
    from provenance._c2pa_sign import sign

    chain, key, root = credentials
    asset, signed = tmp_path / "badge.png", tmp_path / "signed.png"
    asset.write_bytes(png_bytes())
    quiet(sign, lineage, asset, signed, cert_chain=chain, private_key=key)
    context = c2pa.Context.from_dict({"trust": {"trust_anchors": root.decode()}})
    with open(signed, "rb") as stream:
        reader = c2pa.Reader("image/png", stream, context=context)
        store = json.loads(reader.json())
        state = reader.get_validation_state()
    return store["manifests"][store["active_manifest"]], state


def test_sign_the_seed_offline_and_read_it_back(
    c2pa: Any, credentials: tuple[bytes, bytes, bytes], tmp_path: Path
) -> None:
    manifest, state = sign_and_read(c2pa, examples.get("shafaqna"), credentials, tmp_path)
    assert state == "Trusted"  # our test root is the trust anchor; no timestamp authority
    assert manifest["signature_info"]["common_name"] == "provenance test signer"
    assert manifest["ingredients"][0]["relationship"] == "parentOf"
    assert manifest["ingredients"][0]["title"] == "fa-article"
    actions = actions_of(manifest)
    assert [a["action"] for a in actions] == ["c2pa.opened", "c2pa.translated", "c2pa.published"]
    translated = actions[1]["parameters"]
    assert (translated["sourceLanguage"], translated["targetLanguage"]) == ("fa", "en")


def test_sign_a_machine_translation(
    c2pa: Any, credentials: tuple[bytes, bytes, bytes], tmp_path: Path
) -> None:
    manifest, _ = sign_and_read(c2pa, examples.get("post-edited"), credentials, tmp_path)
    translated, edited = actions_of(manifest)[1:3]
    assert translated["softwareAgent"]["name"] == "Google Translate"
    assert translated["digitalSourceType"] == IPTC + "trainedAlgorithmicMedia"
    assert edited["action"] == "c2pa.edited"


def test_loss_warnings_reach_the_caller_of_sign(
    c2pa: Any, credentials: tuple[bytes, bytes, bytes], tmp_path: Path
) -> None:
    from provenance._c2pa_sign import sign

    asset = tmp_path / "badge.png"
    asset.write_bytes(png_bytes())
    chain, key, _ = credentials
    with pytest.warns(LossWarning, match="fa-article"):
        sign(
            examples.get("shafaqna"), asset, tmp_path / "out.png", cert_chain=chain, private_key=key
        )


def test_a_refused_signature_leaves_no_file(
    c2pa: Any, credentials: tuple[bytes, bytes, bytes], tmp_path: Path
) -> None:
    from provenance._c2pa_sign import SigningError, sign

    asset, signed = tmp_path / "badge.png", tmp_path / "signed.png"
    asset.write_bytes(png_bytes())
    chain, _, _ = credentials
    with pytest.raises(SigningError, match="refused to sign"):
        quiet(sign, examples.get("machine"), asset, signed, cert_chain=chain, private_key=b"junk")
    assert not signed.exists()
    with pytest.raises(SigningError, match="cannot tell the format"):
        quiet(
            sign,
            examples.get("machine"),
            tmp_path / "a.txt",
            signed,
            cert_chain=chain,
            private_key=b"",
        )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lineages(max_versions=5))
def test_c2pa_validates_the_manifest_of_every_valid_lineage(
    c2pa: Any, credentials: tuple[bytes, bytes, bytes], tmp_path: Path, lineage: Lineage
) -> None:
    manifest, state = sign_and_read(c2pa, lineage, credentials, tmp_path)
    assert state == "Trusted"
    actions = actions_of(manifest)
    translations = [
        d for d in lineage.derivations_of(lineage.subject) if d.kind.value == "translation"
    ]
    translated = [a for a in actions if a["action"] == "c2pa.translated"]
    assert len(translated) >= len(translations)
    for action in translated:
        assert action["parameters"]["targetLanguage"] == lineage.subject_version.language


def test_a_javascript_url_never_becomes_an_informational_uri() -> None:
    b = Builder()
    source = b.version("fr-article", "fr", url="javascript:alert(1)")
    b.translate(source, "en-article", "en")
    with pytest.warns(LossWarning, match=r"url of version 'fr-article' \(not an http or https"):
        manifest = c2pa_format.to_dict(b.build())
    assert "javascript" not in json.dumps(manifest)


# -- machine output carried to the subject; summaries across languages -------------------------


def _carried(kind: str, method: str = "machine") -> Lineage:
    b = Builder()
    b.version("de", "de")
    editor = b.person("Eva Editor") if method == "post_edited" else None
    b.translate("de", "en-mt", "en", tool=b.software("DeepL"), method=method, post_editor=editor)
    b.version("en", "en", derived_from="en-mt", kind=kind, publisher=b.organization("Wire"))
    return b.build()


@pytest.mark.parametrize(
    ("kind", "method", "expected"),
    [
        ("republication", "machine", [("c2pa.opened", None), ("c2pa.published", "machine")]),
        (
            "excerpt",
            "machine",
            [("c2pa.opened", None), ("c2pa.edited", "machine"), ("c2pa.published", "machine")],
        ),
        (
            "republication",
            "post_edited",
            [("c2pa.opened", None), ("c2pa.published", "post_edited")],
        ),
        (
            "quotation",
            "machine",
            [("c2pa.created", "post_edited"), ("c2pa.published", "post_edited")],
        ),
    ],
)
def test_carried_machine_translation_is_disclosed_on_the_subject(
    kind: str, method: str, expected: list[tuple[str, str | None]]
) -> None:
    actions = actions_of(quiet(c2pa_format.to_dict, _carried(kind, method)))
    types = c2pa_format.DIGITAL_SOURCE_TYPES
    assert [(a["action"], a.get("digitalSourceType")) for a in actions] == [
        (name, None if key is None else types[key]) for name, key in expected
    ]
    made = "post-edited machine" if method == "post_edited" else "machine"
    assert actions[-1]["description"].endswith(f"; {made} translation carried from en-mt (DeepL)")


@pytest.mark.parametrize(("source_language", "translated"), [("fa", True), ("en-GB", False)])
def test_a_summary_is_translated_exactly_when_it_is_a_translation_hop(
    source_language: str, translated: bool
) -> None:
    b = Builder()
    b.version("src", source_language)
    b.version("en", "en", derived_from="src", kind="summary")
    lineage = b.build()
    names = [a["action"] for a in actions_of(quiet(c2pa_format.to_dict, lineage))]
    assert ("c2pa.translated" in names) is translated
    assert lineage.translation_hops() == int(translated)


def test_one_action_keeps_the_first_software_and_names_the_others() -> None:
    from provenance.dates import parse_iso
    from provenance.model import (
        Agent,
        AgentRole,
        AgentType,
        Derivation,
        Kind,
        Method,
        Role,
        Version,
    )

    translation = Derivation(
        target="en",
        sources=("fa",),
        kind=Kind.TRANSLATION,
        method=Method.MACHINE,
        agents=(AgentRole("deepl", Role.TOOL), AgentRole("google", Role.TOOL)),
        date=parse_iso("2024-05-14T10:00:00+02:00"),
    )
    lineage = Lineage(
        subject="en",
        agents=(
            Agent(id="deepl", type=AgentType.SOFTWARE, name="DeepL", version="2024-05"),
            Agent(id="google", type=AgentType.SOFTWARE, name="Google Translate"),
        ),
        versions=(Version(id="fa", language="fa"), Version(id="en", language="en")),
        derivations=(translation,),
    )
    with pytest.warns(LossWarning) as caught:
        manifest = c2pa_format.to_dict(lineage)
    assert [str(w.message) for w in caught] == [
        "c2pa drops software agents beyond the first on one action (Google Translate)"
    ]
    _, translated = actions_of(manifest)
    assert translated["when"] == "2024-05-14T10:00:00+02:00"
    assert translated["softwareAgent"] == {"name": "DeepL", "version": "2024-05"}


def test_an_ingredient_without_a_usable_label_gets_one_that_no_version_has() -> None:
    """A version with an empty id is labelled ``ingredient-N``, past a version that is
    itself called so."""
    from provenance.model import Derivation, Kind, Version

    lineage = Lineage(
        subject="en",
        versions=(
            Version(id="ingredient-1", language="fa"),
            Version(id="", language="ar"),
            Version(id="en", language="en"),
        ),
        derivations=(Derivation(target="en", sources=("ingredient-1", ""), kind=Kind.REPORTING),),
    )
    manifest = c2pa_format.to_dict(lineage)
    labels = [(item["title"], item["label"]) for item in manifest["ingredients"]]
    assert labels == [("ingredient-1", "ingredient-1"), ("", "ingredient-1-")]
