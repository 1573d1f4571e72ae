/* Cabinet: small progressive enhancements over server-rendered pages (htmx does the rest). */
(function () {
  "use strict";

  /* htmx (loaded just before, both deferred): swap 422 answers too (forms sent back with
     their errors); other errors become a message. Back/forward reload the page. */
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "422", swap: true },
      { code: "[45]..", swap: false, error: true },
    ];
    htmx.config.historyCacheSize = 0;
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstError(document);
    syncKindFields(document);
  });

  var ERRORS = {
    403: "Accès refusé : votre profil ne permet pas cette opération.",
    404: "Introuvable : la fiche a peut-être été supprimée.",
  };

  function showMessage(text, level) {
    var box = document.getElementById("messages");
    if (!box) return;
    var p = document.createElement("p");
    p.className = "message message-" + (level || "error");
    p.setAttribute("role", "alert");
    p.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "message-close";
    close.setAttribute("data-dismiss", "");
    close.setAttribute("aria-label", "Fermer");
    close.textContent = "×";
    p.appendChild(close);
    box.appendChild(p);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var sentence = event.detail.xhr.getResponseHeader("X-Cabinet-Message");
    showMessage(
      (sentence && decodeURIComponent(sentence)) ||
        ERRORS[status] ||
        "Erreur du serveur : l'opération n'a pas été faite."
    );
  });
  document.addEventListener("htmx:sendError", function () {
    showMessage("Le serveur ne répond pas : vérifiez votre connexion et réessayez.");
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    focusFirstError(event.detail.target);
    syncKindFields(event.detail.target);
  });

  function focusFirstError(root) {
    var invalid = root && root.querySelector && root.querySelector("[aria-invalid='true']");
    if (invalid) invalid.focus();
  }

  /* Dismissable messages. */
  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-dismiss]");
    if (close) close.parentElement.remove();
  });

  /* Dialogs: [data-dialog-open="id"] opens, [data-dialog-close] closes. */
  document.addEventListener("click", function (event) {
    var opener = event.target.closest("[data-dialog-open]");
    if (opener) {
      var dialog = document.getElementById(opener.getAttribute("data-dialog-open"));
      if (dialog && !dialog.open) {
        dialog.showModal();
        var input = dialog.querySelector("input:not([type=hidden])");
        if (input) input.focus();
      }
      return;
    }
    var closer = event.target.closest("[data-dialog-close]");
    if (closer) {
      var parent = closer.closest("dialog");
      if (parent) parent.close();
      return;
    }
    if (event.target.tagName === "DIALOG") event.target.close(); /* click on the backdrop */
  });

  /* Menus (<details class="menu">): one open at a time, closed by Escape or a click outside. */
  document.addEventListener("click", function (event) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) summary.focus();
    });
    hideResults();
  });

  /* Confirmation before a plain (non-htmx) destructive form post. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  /* Top bar search: arrows move through the results, Escape closes, Enter on the field
     submits to the full list (the form's own behaviour). */
  function results() {
    return document.getElementById("global-search-results");
  }
  function hideResults() {
    var box = results();
    if (box) box.innerHTML = "";
  }
  document.addEventListener("keydown", function (event) {
    var box = results();
    if (!box) return;
    var input = document.getElementById("global-search");
    var links = Array.prototype.slice.call(box.querySelectorAll("a"));
    if (!links.length) return;
    var index = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (event.target === input || index >= 0)) {
      event.preventDefault();
      links[Math.min(index + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      if (index === 0) input.focus();
      else links[index - 1].focus();
    }
  });
  document.addEventListener("click", function (event) {
    var form = event.target.closest(".global-search");
    if (!form) hideResults();
  });

  /* Dialogs filled by htmx (the connexity form): open once their content has settled (htmx
     wires the new content's hx- attributes while it settles, so a field typed into as soon
     as the dialog shows already searches), and put the focus on the first error, else on
     the field marked autofocus. */
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var dialog = target && target.parentElement;
    if (!dialog || dialog.tagName !== "DIALOG" || !dialog.isConnected) return;
    if (!dialog.open) dialog.showModal();
    var field = dialog.querySelector("[aria-invalid='true'], [autofocus]");
    if (field) field.focus();
  });

  /* A picker inside a form ([data-picker]): «Sélectionner» fills the hidden field
     [data-picker-value] and shows the choice in [data-picker-chosen]. Enter in its search
     box searches instead of sending the form. */
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick]");
    var picker = pick && pick.closest("[data-picker]");
    if (!picker) return;
    picker.querySelector("[data-picker-value]").value = pick.getAttribute("data-pick");
    var chosen = picker.querySelector("[data-picker-chosen]");
    if (chosen) chosen.textContent = pick.getAttribute("data-pick-label");
    var search = picker.querySelector("[data-picker-search]");
    if (search) search.value = "";
    var results = pick.closest(".picker-results");
    if (results) results.innerHTML = "";
    var next = picker.nextElementSibling && picker.nextElementSibling.querySelector("input");
    if (next) next.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-picker-search]")) {
      event.preventDefault();
    }
  });

  /* The quick entry's «Dossier» type-ahead ([data-matter-picker], A9): ↓ or Enter in the
     search box goes to the list (its first matter chosen when none is), Enter on the list
     goes on to the next field instead of sending the form. Without JavaScript the search
     box sends its own GET form. */
  function matterList(picker) {
    return picker.querySelector("#matter-choices select");
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var picker = target.closest && target.closest("[data-matter-picker]");
    if (!picker) return;
    var list = matterList(picker);
    if (target.matches("[data-matter-search]") && (event.key === "ArrowDown" || event.key === "Enter")) {
      event.preventDefault();
      if (!list || !list.options.length) return;
      list.focus();
      if (list.selectedIndex < 0) {
        list.selectedIndex = 0;
        list.dispatchEvent(new Event("change", { bubbles: true }));
      }
    } else if (target === list && event.key === "Enter") {
      event.preventDefault();
      var next = document.querySelector("#client-field select");
      if (next) next.focus();
    } else if (target === list && event.key === "ArrowUp" && list.selectedIndex <= 0) {
      event.preventDefault();
      picker.querySelector("[data-matter-search]").focus();
    }
  });

  /* Group trees ([data-tree]): +/− fold a node (kept across the tree's htmx refreshes),
     and drag and drop sends the same move as «Déplacer sous…» (whose list htmx loads when
     it is first used): onto a member (under it) or onto the root zone. A large tree draws
     its first levels: a «+» link loads a deeper branch (htmx swaps the member for it), and
     the branches opened so (or «Tout déplier») stay open when the tree is drawn again. */
  var collapsed = new Set();
  var opened = new Set();
  var everything = false;
  var refocus = null;

  function setFolded(node, folded) {
    var children = node.querySelector(":scope > ul");
    var toggle = node.querySelector(":scope > .tree-item > [data-tree-toggle]");
    if (!children || !toggle || toggle.hasAttribute("data-tree-lazy")) return;
    children.hidden = folded;
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    toggle.textContent = folded ? "+" : "−";
    var name = toggle.getAttribute("aria-label").replace(/^(Replier|Déplier) /, "");
    toggle.setAttribute("aria-label", (folded ? "Déplier " : "Replier ") + name);
    var id = node.getAttribute("data-client-id");
    if (folded) collapsed.add(id);
    else collapsed.delete(id);
  }

  function restoreFolds() {
    collapsed.forEach(function (id) {
      var node = document.getElementById("member-" + id);
      if (node) setFolded(node, true);
      else collapsed.delete(id);
    });
    if (refocus) {
      var toggle = document.querySelector("#member-" + refocus + " > .tree-item > [data-tree-toggle]");
      if (toggle) toggle.focus();
      refocus = null;
    }
  }
  document.addEventListener("htmx:afterSettle", restoreFolds);

  /* What the server needs to draw the tree again as it is seen: sent with every request
     that redraws it (a tool's post, «Tout déplier»). */
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.target || event.detail.target.id !== "group-tree") return;
    if (opened.size) event.detail.parameters.open = Array.from(opened).join(",");
    if (everything) event.detail.parameters.all = "1";
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-tree-toggle]");
    if (toggle) {
      var node = toggle.closest(".tree-node");
      if (toggle.hasAttribute("data-tree-lazy")) {
        /* htmx loads the branch; the new «−» takes the focus of the «+» it replaces. */
        opened.add(node.getAttribute("data-client-id"));
        if (document.activeElement === toggle) refocus = node.getAttribute("data-client-id");
        return;
      }
      setFolded(node, toggle.getAttribute("aria-expanded") === "true");
      return;
    }
    var all = event.target.closest("[data-tree-all]");
    if (all) {
      var fold = all.getAttribute("data-tree-all") === "collapse";
      everything = !fold && (everything || all.hasAttribute("hx-get"));
      all.closest("[data-tree]").querySelectorAll(".tree-node").forEach(function (node) {
        setFolded(node, fold);
      });
    }
  });

  var dragged = null;

  function dropZone(event) {
    var zone = event.target.closest && event.target.closest("[data-drop-parent]");
    if (!zone || !dragged || zone.closest("[data-tree]") !== dragged.closest("[data-tree]")) return null;
    if (zone.getAttribute("data-drop-parent") === dragged.getAttribute("data-drag-client")) return null;
    return zone;
  }
  function clearDropMarks() {
    document.querySelectorAll(".is-drop-target").forEach(function (zone) {
      zone.classList.remove("is-drop-target");
    });
  }
  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-drag-client]");
    if (!item) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-drag-client"));
    item.classList.add("is-dragging");
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
    clearDropMarks();
  });
  document.addEventListener("dragover", function (event) {
    var zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!zone.classList.contains("is-drop-target")) {
      clearDropMarks();
      zone.classList.add("is-drop-target");
    }
  });
  document.addEventListener("dragleave", function (event) {
    var zone = event.target.closest && event.target.closest("[data-drop-parent]");
    if (zone && !zone.contains(event.relatedTarget)) zone.classList.remove("is-drop-target");
  });
  document.addEventListener("drop", function (event) {
    var zone = dropZone(event);
    if (!zone) return;
    event.preventDefault();
    var form = zone.closest("[data-tree]").querySelector("#tree-drop-form");
    form.elements.client_id.value = dragged.getAttribute("data-drag-client");
    form.elements.parent_client_id.value = zone.getAttribute("data-drop-parent");
    clearDropMarks();
    if (form.requestSubmit) form.requestSubmit();
    else form.submit();
  });

  /* Client form: the first name belongs to persons only. */
  function syncKindFields(root) {
    var forms = root.querySelectorAll ? root.querySelectorAll("[data-kind-form]") : [];
    forms.forEach(function (form) {
      var checked = form.querySelector("input[name=kind]:checked");
      var isCompany = checked && checked.value === "company";
      form.querySelectorAll("[data-person-only]").forEach(function (field) {
        field.hidden = isCompany;
        field.querySelectorAll("input").forEach(function (input) {
          input.disabled = isCompany;
        });
      });
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "kind") syncKindFields(document);
  });
})();

/* ==========================================================================================
   Matters and activities (M1–M10, A1, A8, A9) — appended by the matters/activities pages.
   ========================================================================================== */
(function () {
  "use strict";

  /* Activity form ([data-activity-form]): hours and rate for «Temps», an amount for
     «Frais» and «Honoraires forfaitaires» ([data-kind-only="time"], "expense fee"). */
  function syncActivityKind(root) {
    var forms = root.querySelectorAll ? root.querySelectorAll("[data-activity-form]") : [];
    forms.forEach(function (form) {
      var checked = form.querySelector("input[name=kind]:checked");
      var fixed = form.querySelector("input[name=kind][disabled][checked]");
      var kind = (checked || fixed || {}).value || "time";
      form.querySelectorAll("[data-kind-only]").forEach(function (block) {
        var shown = block.getAttribute("data-kind-only").split(" ").indexOf(kind) >= 0;
        block.hidden = !shown;
        block.querySelectorAll("input").forEach(function (input) {
          input.disabled = !shown;
        });
      });
      showComputedAmount(form);
    });
  }

  /* «1,5» or «1.5» → hundredths as an integer (no float arithmetic on money). */
  function hundredths(text) {
    var clean = (text || "").replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    var match = /^(\d+)(?:\.(\d{0,2}))?$/.exec(clean);
    if (!match) return null;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }

  function euros(cents) {
    var units = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "\u202f");
    var rest = ("0" + (cents % 100)).slice(-2);
    return units + "," + rest + "\u00a0€";
  }

  /* Hours × rate, rounded half up to the cent, as the service computes it. */
  function showComputedAmount(form) {
    var output = form.querySelector("[data-computed-amount]");
    if (!output) return;
    var hours = hundredths((form.querySelector("input[name=hours]") || {}).value);
    var rate = hundredths((form.querySelector("input[name=hourly_rate]") || {}).value);
    if (hours === null || rate === null || hours === 0) {
      output.textContent = "—";
      return;
    }
    var product = hours * rate; /* in 1/10 000 of a euro: exact below 2^53 */
    output.textContent = euros(Math.floor((product + 50) / 100));
  }

  document.addEventListener("DOMContentLoaded", function () {
    syncActivityKind(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    syncActivityKind(event.detail.target.parentNode || document);
  });
  document.addEventListener("change", function (event) {
    if (event.target.name === "kind" && event.target.closest("[data-activity-form]")) {
      syncActivityKind(document);
    }
  });
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("[data-activity-form]");
    if (form && (event.target.name === "hours" || event.target.name === "hourly_rate")) {
      showComputedAmount(form);
    }
  });

  /* «Tout sélectionner» ([data-check-all="name"]) ticks the enabled boxes of that name. */
  document.addEventListener("change", function (event) {
    var all = event.target.closest && event.target.closest("[data-check-all]");
    if (!all) return;
    var form = all.form || document;
    var name = all.getAttribute("data-check-all");
    form.querySelectorAll("input[type=checkbox][name='" + name + "']").forEach(function (box) {
      if (!box.disabled) box.checked = all.checked;
    });
  });

  /* «Copier»: a button that copies the value of a field ([data-copy="#field"]). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.getAttribute("data-copy"));
    if (!field) return;
    field.focus();
    field.select();
    function copied() {
      button.textContent = "Copié";
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(copied, function () {
        if (document.execCommand("copy")) copied();
      });
    } else if (document.execCommand("copy")) {
      copied();
    }
  });

  /* A button that asks before sending its form ([data-confirm-click="question"]). */
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-confirm-click]");
    if (button && !window.confirm(button.getAttribute("data-confirm-click"))) {
      event.preventDefault();
    }
  });
})();

/* «Facturation» -------------------------------------------------------------------------- */
/* «Répartition clients» (A3): the running total of the shares as they are typed. Counted in
   hundredths of a percent (integers): no floating-point arithmetic; the server decides. */
(function () {
  "use strict";

  function hundredths(text) {
    var value = String(text || "").trim().replace(",", ".");
    var match = /^(\d{1,3})(?:\.(\d{0,2}))?$/.exec(value);
    if (!match) return null;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }

  function percent(total) {
    var whole = Math.floor(total / 100);
    var fraction = String(total % 100).padStart(2, "0").replace(/0+$/, "");
    return whole + (fraction ? "," + fraction : "") + "\u00a0%";
  }

  function updateSplitTotal(form) {
    var output = form.querySelector("[data-split-total]");
    if (!output) return;
    var total = 0;
    var readable = true;
    form.querySelectorAll("[data-split-share]").forEach(function (input) {
      var value = hundredths(input.value);
      if (value === null) readable = false;
      else total += value;
    });
    var ok = readable && total === 10000;
    output.textContent = readable ? percent(total) : "—";
    var row = form.querySelector("[data-split-total-row]");
    if (row) row.classList.toggle("is-off", !ok);
    var status = form.querySelector("[data-split-status]");
    if (status) {
      status.textContent = ok
        ? "Le total fait 100\u00a0%."
        : "Le total doit faire exactement 100\u00a0%.";
    }
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("[data-split-form]");
    if (form) updateSplitTotal(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-split-form]").forEach(updateSplitTotal);
  });
})();
