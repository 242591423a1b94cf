"""Headless Chromium for tests: what a page shows once loaded (and its formulas typeset), and screenshots."""
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = shutil.which("chromium")
WIDTH = 1000
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--virtual-time-budget=10000"]
# Run in the page after load: measures what the tests assert and leaves it as JSON in the DOM.
MEASURE = """<script>
window.addEventListener("load", async () => {
  await new Promise(done => setTimeout(done, 2000));  // virtual time: passes once the page's own work is done
  const images = [...document.images].map(i => {
    const box = i.getBoundingClientRect();
    return {alt: i.alt, natural: i.naturalWidth, width: box.width, height: box.height};
  });
  const prose = document.body.cloneNode(true);  // the page's text without its code cells
  prose.querySelectorAll(".input_area, .highlight, script, style").forEach(node => node.remove());
  document.body.appendChild(prose);
  const text = prose.innerText;
  prose.remove();
  const seen = {images, scroll_width: document.documentElement.scrollWidth, width: window.innerWidth,
                text, math: document.querySelectorAll("mjx-container").length};
  const out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify(seen);
  document.body.appendChild(out);
});
</script>"""


def _chromium(*args, height=1200):
    with tempfile.TemporaryDirectory() as profile:
        command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{height}", *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    return done.stdout


def measure(page):
    """What Chromium shows of an HTML file at 1000 px: images, scroll width, text outside code, typeset formulas."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / page.name
        head, body_end, tail = page.read_text().rpartition("</body>")
        probe.write_text(head + MEASURE + body_end + tail)
        dom = _chromium("--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found, f"{page.name} did not load in Chromium"
    return json.loads(_unescape(found.group(1)))


def screenshot(page, path, height=2400):
    path.parent.mkdir(parents=True, exist_ok=True)
    _chromium(f"--screenshot={path}", "--hide-scrollbars", page.as_uri(), height=height)
    return path


def _unescape(text):
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
