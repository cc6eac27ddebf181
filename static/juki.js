/* The small behaviours of the pages, kept out of the HTML so that the Content-Security-Policy
   can forbid every inline script and style (settings.CONTENT_SECURITY_POLICY). */
(function () {
  "use strict";

  // <select data-autosubmit> sends its form when a value is chosen.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });

  // <form data-confirm="question?"> asks before it is sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // Bars of a chart: <span data-width="80"> is 80 % wide.
  function drawBars() {
    document.querySelectorAll("[data-width]").forEach(function (el) {
      var value = parseFloat(el.getAttribute("data-width")) || 0;
      el.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
  }

  // The warning before an idle session ends (SessionTimeoutMiddleware signs it out).
  function watchIdle() {
    var banner = document.getElementById("session-warning");
    if (!banner) {
      return;
    }
    var timeout = parseInt(banner.getAttribute("data-idle-timeout"), 10);
    var warning = parseInt(banner.getAttribute("data-idle-warning"), 10);
    var stay = document.getElementById("session-stay");
    var warnTimer = null;
    var endTimer = null;
    if (!timeout) {
      return;
    }
    function schedule() {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      banner.hidden = true;
      warnTimer = setTimeout(function () {
        banner.hidden = false;
      }, Math.max(0, timeout - warning) * 1000);
      endTimer = setTimeout(function () {
        var here = window.location.pathname + window.location.search;
        window.location.href =
          banner.getAttribute("data-login-url") + "?next=" + encodeURIComponent(here);
      }, (timeout + 2) * 1000);
    }
    if (stay) {
      stay.addEventListener("click", function () {
        fetch(banner.getAttribute("data-keepalive-url"), { credentials: "same-origin" })
          .then(function (response) {
            if (response.status === 204) {
              schedule();
            } else {
              window.location.reload();
            }
          })
          .catch(function () {
            window.location.reload();
          });
      });
    }
    schedule();
  }

  // <select data-searchable="placeholder"> gets a box above it that narrows its options to
  // those containing what is typed (width-normalised: ﾀﾅｶ finds タナカ, ０１ finds 01).
  function searchableSelects() {
    document.querySelectorAll("select[data-searchable]").forEach(function (select) {
      var box = document.createElement("input");
      box.type = "search";
      box.className = "select-search";
      box.placeholder = select.getAttribute("data-searchable");
      box.setAttribute("aria-label", box.placeholder);
      select.parentNode.insertBefore(box, select);
      box.addEventListener("input", function () {
        var term = box.value.normalize("NFKC").trim();
        Array.prototype.forEach.call(select.options, function (option) {
          var text = option.text.normalize("NFKC");
          option.hidden = term !== "" && option.value !== "" && text.indexOf(term) === -1;
        });
      });
    });
  }

  // A security key just registered (django-otp-webauthn's script): show it in the list.
  document.addEventListener("otp_webauthn.register_complete", function () {
    window.location.reload();
  });

  document.addEventListener("DOMContentLoaded", function () {
    drawBars();
    searchableSelects();
    watchIdle();
  });
})();
