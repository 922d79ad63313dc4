"""Uploads: held in memory up to a limit, checked for size and type, and nothing a person sends
(least of all the file's name) ever chooses a path on the server.

The import forms' own messages for a wrong type, a file too large and an empty file are covered in
test_views.py (TestImports); these tests go through the raw upload itself.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from boards.models import Board
from performance.models import ImportBatch, Indicator
from performance.uploads import MAX_UPLOAD_BYTES, BoundedMemoryUploadHandler
from swp.models import User
from tests.performance.factories import IndicatorFactory

SignedIn = Callable[[User], Client]
BOUNDARY = "upload-boundary"
URL = "/performance/imports/csv/"
GOOD_CSV = b"indicator,quarter,value\nrepeat-victims,Q1 2025/26,12\n"


@pytest.fixture
def repeat_victims(victim_board: Board) -> Indicator:
    return IndicatorFactory(partnership=victim_board.partnership, board=victim_board, code="repeat-victims")


def _multipart(filename: str, content: bytes) -> bytes:
    """A form post with one file, its name written exactly as given: the test client would tidy it."""
    return (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


def _post_file(client: Client, filename: str, content: bytes, url: str = URL):  # type: ignore[no-untyped-def]
    return client.generic(
        "POST", url, _multipart(filename, content), content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


@pytest.fixture
def no_temporary_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything spills an upload to a temporary file on disk."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an upload was written to a temporary file")

    monkeypatch.setattr("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", refuse)


@pytest.mark.usefixtures("no_temporary_files")
class TestNamesNeverBecomePaths:
    @pytest.mark.parametrize(
        "filename",
        ["../../../../tmp/swp-upload-test.csv", "..\\..\\swp-upload-test.csv", "/srv/swp/swp-upload-test.csv"],
    )
    def test_a_path_in_the_name_is_cut_to_the_last_part_and_nothing_is_written(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator, filename: str
    ) -> None:
        written = Path(tempfile.gettempdir()) / "swp-upload-test.csv"
        written.unlink(missing_ok=True)

        response = _post_file(client_for(analyst), filename, GOOD_CSV)

        assert response.status_code == 302
        assert ImportBatch.objects.get().file_name == "swp-upload-test.csv"
        assert not written.exists()

    @pytest.mark.parametrize("filename", ["..", "../", "."])
    def test_a_name_that_is_only_a_path_is_no_file_at_all(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator, filename: str
    ) -> None:
        response = _post_file(client_for(analyst), filename, GOOD_CSV)

        assert "Select a CSV file" in response.content.decode()
        assert not ImportBatch.objects.exists()

    def test_a_file_too_large_is_refused_without_being_kept(
        self, client_for: SignedIn, analyst: User, repeat_victims: Indicator
    ) -> None:
        response = _post_file(client_for(analyst), "big.csv", GOOD_CSV + b"x" * MAX_UPLOAD_BYTES)

        assert "The selected file must be smaller than 5MB" in response.content.decode()
        assert not ImportBatch.objects.exists()

    @pytest.mark.parametrize("persona", ["analyst", "scrutiny_member"])
    def test_a_body_far_beyond_the_limit_is_refused_on_its_declared_size_before_it_is_read(
        self, request: pytest.FixtureRequest, client_for: SignedIn, repeat_victims: Indicator, persona: str
    ) -> None:
        response = _post_file(client_for(request.getfixturevalue(persona)), "big.csv", b"x" * (2 * MAX_UPLOAD_BYTES))

        assert response.status_code == 413
        assert "The file must be smaller than 5MB. Nothing was imported." in response.content.decode()
        assert not ImportBatch.objects.exists()

    def test_a_file_sent_to_any_other_page_is_dropped_in_memory(self, client: Client, db: None) -> None:
        # The sign-in page takes no file; reading its form must neither fail nor write to disk.
        response = _post_file(client, "big.csv", b"x" * (MAX_UPLOAD_BYTES + 1), url="/accounts/login/")
        assert response.status_code == 200


class TestType:
    @pytest.mark.parametrize(
        ("filename", "content", "message"),
        [
            ("values.csv", b"PK\x03\x04rest-of-a-workbook", "This is an Excel workbook, not a CSV file"),
            (
                "values.csv",
                b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                "This is not a text file, so it cannot be a CSV file.",
            ),
            ("values.exe", GOOD_CSV, "The selected file must be a CSV"),
            ("values.csv.exe", GOOD_CSV, "The selected file must be a CSV"),
        ],
    )
    def test_what_is_not_csv_is_refused_with_a_reason(
        self,
        client_for: SignedIn,
        analyst: User,
        repeat_victims: Indicator,
        filename: str,
        content: bytes,
        message: str,
    ) -> None:
        response = _post_file(client_for(analyst), filename, content)

        html = response.content.decode()
        assert "There is a problem" in html
        assert message in html
        assert not ImportBatch.objects.exists()


class TestBoundedMemoryHandler:
    def test_it_keeps_at_most_the_limit_and_reports_the_size_that_arrived(self, rf: RequestFactory) -> None:
        handler = BoundedMemoryUploadHandler(rf.post("/"))
        handler.new_file("file", "big.csv", "text/csv", None)
        chunk = b"x" * (64 * 1024)
        chunks = MAX_UPLOAD_BYTES // len(chunk) + 3
        for index in range(chunks):
            handler.receive_data_chunk(chunk, index * len(chunk))

        upload = handler.file_complete(chunks * len(chunk))

        assert upload.size == chunks * len(chunk)
        assert len(upload.read()) == MAX_UPLOAD_BYTES
