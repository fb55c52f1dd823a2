"""Placeholder: filled in by the backend work."""

from fastapi import APIRouter

router = APIRouter()
