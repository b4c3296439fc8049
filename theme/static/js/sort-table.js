// Sortable tables (class "sortable"), as an enhancement: without JavaScript the table keeps the order the
// build wrote. Each column heading becomes a button; the heading sorted by carries aria-sort, so screen
// readers announce the order. Numbers sort by each cell's data-value (empty: last), other cells by their text.
(function () {
  "use strict";
  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    if (!numeric) return cell.textContent.trim();
    var value = cell.getAttribute("data-value");
    return value === null || value === "" ? null : parseFloat(value);
  }
  function sortBy(table, heading, index) {
    var numeric = heading.getAttribute("data-sort") === "number";
    var descending = heading.getAttribute("aria-sort") === "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      var order = numeric ? x - y : x.localeCompare(y, document.documentElement.lang);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, heading, index); });
    });
    table.classList.add("sorting");
    var hint = table.querySelector(".sort-hint");
    if (hint) hint.textContent = ". Select a column heading to sort the table by it.";
  });
})();
