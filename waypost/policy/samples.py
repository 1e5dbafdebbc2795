"""The sample trip of DESIGN.md §3 (Beijing → Vancouver in transit → Mexico City).

Shown in the guidance editor's live preview and as the API's example request body.
"""

from __future__ import annotations

from typing import Any

SAMPLE_TRIP: dict[str, Any] = {
    "traveller": {"sectors": ["ai"], "role": "executive", "sensitivity": 3},
    "purpose": "conference",
    "legs": [
        {
            "mode": "air",
            "from": "PEK",
            "to": "YVR",
            "depart": "2027-03-01T10:00",
            "arrive": "2027-03-01T07:30",
        },
        {
            "mode": "air",
            "from": "YVR",
            "to": "MEX",
            "depart": "2027-03-01T12:40",
            "arrive": "2027-03-01T20:05",
        },
    ],
    "stays": [{"city": "Mexico City", "country": "MX", "from": "2027-03-01", "to": "2027-03-06"}],
    "devices": [{"kind": "laptop", "owner": "organisation", "sensitive_data": False}],
}
