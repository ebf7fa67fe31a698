"""Debian's Chromium, the one browser configuration: the PDF is printed with it and
the browser tests read the site with it. Playwright never downloads a browser here."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
# Headless, no sandbox (CI runs as root), and nothing that reaches for the network on its own:
# on a closed network those background connections fail noisily.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
]


def launch(playwright):
    """A headless Chromium from ``sync_playwright()``'s handle."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
