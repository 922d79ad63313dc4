// A building pack's page, enhanced: polls the pack's status, moves the progress bar and says how far
// the build has gone, then reloads the page once the build has finished. Without JavaScript the page
// refreshes itself instead (a <noscript> refresh), and "Stop updating this page" turns both off.
const POLL_MILLISECONDS = 2000;

const container = document.querySelector("[data-pack-progress]");

async function poll() {
  const bar = container.querySelector("progress");
  const text = container.querySelector("#pack-progress-text");
  try {
    const response = await fetch(container.dataset.statusUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      const status = await response.json();
      if (status.finished) {
        window.location.reload();
        return;
      }
      const sentence = `${status.status_label}: ${status.progress_percent}% done.`;
      bar.value = status.progress_percent;
      bar.textContent = `${status.progress_percent}%`;
      // Only a change is written, so that a screen reader announces progress and not every poll.
      if (text.textContent !== sentence) {
        text.textContent = sentence;
      }
    }
  } catch {
    // A dropped connection is retried at the next poll; the page still says where the build was.
  }
  window.setTimeout(poll, POLL_MILLISECONDS);
}

if (container && container.dataset.autoRefresh === "true") {
  window.setTimeout(poll, POLL_MILLISECONDS);
}
