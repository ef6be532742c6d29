/* The workspace's forms: a search box that narrows a long link list as one types, link lists
   that depend on another field (mediators of the chosen committee, from the JSON lookup), and
   "再加一行" for child rows. Plain JS, no external library; the forms work without it. */
(function () {
  "use strict";
  var form = document.querySelector("form.ws-form[data-lookup]");
  if (!form) { return; }
  var lookupBase = form.getAttribute("data-lookup");

  function addSearch(select) {
    if (select.dataset.searchReady) { return; }
    select.dataset.searchReady = "1";
    var box = document.createElement("input");
    box.type = "search";
    box.className = "ws-search";
    box.placeholder = "输入名称查找";
    var label = document.querySelector('label[for="' + select.id + '"]');
    box.setAttribute("aria-label", "查找" + (label ? label.textContent.replace(/[:：]$/, "") : ""));
    select.parentNode.insertBefore(box, select);
    box.addEventListener("input", function () {
      var q = box.value.trim();
      var first = null;
      Array.prototype.forEach.call(select.options, function (opt) {
        var hit = !q || !opt.value || opt.text.indexOf(q) !== -1;
        opt.hidden = !hit;
        if (hit && opt.value && !first) { first = opt; }
      });
      if (q && first) { select.value = first.value; select.dispatchEvent(new Event("change", {bubbles: true})); }
    });
  }

  function refill(select, parentValue) {
    var name = select.name.replace(/^.*-/, "");
    var url = lookupBase.replace("_field_", name) + "?" +
      encodeURIComponent(select.dataset.depends) + "=" + encodeURIComponent(parentValue || "");
    var keep = select.value;
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      while (select.options.length) { select.remove(0); }
      select.add(new Option("—请选择—", ""));
      data.results.forEach(function (o) {
        select.add(new Option(o.text, String(o.id), false, String(o.id) === keep));
      });
      select.dataset.loaded = "1";
    });
  }

  function wire(root) {
    root.querySelectorAll("select[data-search]").forEach(addSearch);
    root.querySelectorAll("select[data-depends]").forEach(function (select) {
      var parent = form.querySelector('[name="' + select.dataset.depends + '"]');
      if (!parent) { return; }
      parent.addEventListener("change", function () { refill(select, parent.value); });
      // A parent chosen before this script ran (a fast hand, or the browser restoring the form)
      // fired its change unheard: fill the list for it now.
      if (parent.value && select.options.length <= 1) { refill(select, parent.value); }
    });
  }
  wire(form);

  form.querySelectorAll("fieldset.children").forEach(function (set) {
    var prefix = set.getAttribute("data-prefix");
    var total = set.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var tpl = set.querySelector("template.empty-row");
    var button = set.querySelector("button.add-row");
    if (!total || !tpl || !button) { return; }
    button.addEventListener("click", function () {
      var n = parseInt(total.value, 10);
      var html = tpl.innerHTML.replace(/__prefix__/g, String(n));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      set.insertBefore(row, button);
      total.value = String(n + 1);
      wire(row);
      var first = row.querySelector("input, select, textarea");
      if (first) { first.focus(); }
    });
  });
}());
