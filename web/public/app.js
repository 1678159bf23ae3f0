// DivideMapper map app (skeleton): service state, project list, and a Leaflet map.
// The gap layers, legend and run comparison arrive with the map issue.
(function () {
  "use strict";
  const state = document.getElementById("service-state");
  const list = document.getElementById("projects");

  const map = L.map("map", { zoomControl: true }).setView([0, 20], 3);

  fetch("/health").then(r => r.json()).then(h => {
    state.textContent = h.database.state === "ok"
      ? `Service ready (PostGIS ${h.database.postgis}).`
      : `The database is not available: ${h.database.error || h.database.state}.`;
  }).catch(() => { state.textContent = "The service is not reachable."; });

  fetch("/api/projects").then(r => r.ok ? r.json() : []).then(projects => {
    list.replaceChildren(...projects.map(p => {
      const li = document.createElement("li");
      li.textContent = `${p.name} (${p.datasets} datasets, ${p.runs} runs)`;
      return li;
    }));
    if (projects.length === 0) {
      const li = document.createElement("li");
      li.textContent = "No projects yet: import data with ./dm import.";
      list.append(li);
    }
  }).catch(() => {});
})();
