"""Uploaded files are read in memory, up to a limit, and never written to disk under any name.

Django's default handlers spill a large upload to a temporary file whose suffix comes from the
name the person's computer gave it. Import files are small (the whole of London's ward-level
crime file is under 3 MB), so they are kept in memory; beyond the limit the bytes are dropped as
they arrive and the form refuses the file, knowing its size.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt, csrf_protect

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The form's other fields and the multipart boundaries, on top of the file itself.
_FORM_OVERHEAD_BYTES = 64 * 1024


class BoundedMemoryUploadHandler(FileUploadHandler):
    """Keeps each file's first MAX_UPLOAD_BYTES in memory, and counts the rest without keeping it."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received <= MAX_UPLOAD_BYTES:
            self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        # The size is what arrived, so the form can tell the person their file was too large.
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=self.received,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )


def uploads_in_memory(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Swap in the memory handler before anything reads the body, then check CSRF as usual.

    The CSRF middleware reads the POST body, which fixes the upload handlers, so the view is
    exempted from the middleware and protected inside instead, as Django's documentation shows.
    """
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Refused on its declared size, before a byte of it is read: reading 60 MB only to refuse it
        # kept a worker busy for a minute, for anyone signed in.
        declared = request.META.get("CONTENT_LENGTH", "")
        if declared.isascii() and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES + _FORM_OVERHEAD_BYTES:
            context = {"page_title": "The file is too large", "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
            return render(request, "performance/upload_too_large.html", context, status=413)
        request.upload_handlers = [BoundedMemoryUploadHandler(request)]
        return protected(request, *args, **kwargs)

    return wrapper
