"""What the API tests share besides fixtures: our own reports, a client maker, the error-shape check."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

from marsad.cli import Engine

TOKEN = "test-token-3f9c1e7a"

# Our own reports (fixtures written for these tests).
MARKUP_REPORT = {
    "id": "fixture-markup-2023-03-02", "published": "2023-03-02",
    "publisher": "<b onmouseover=alert(2)>وكالة محلية</b>",
    "url": "https://example.org/marsad/fixtures/markup",
    "title": "<script>alert('marsad')</script> قصف مدفعي على بلدة كفرنبل",
    "text": "قصف مدفعي على بلدة كفرنبل <img src=x onerror=alert(1)>\n\n"
            "قالت مصادر محلية إن قوات النظام السورية قصفت بالمدفعية الثقيلة بلدة كفرنبل في ريف إدلب "
            "الجنوبي صباح اليوم الخميس، ما أدى إلى مقتل مدنيين اثنين وإصابة خمسة آخرين. وأضافت المصادر "
            "أن <script>alert(3)</script> القصف استهدف الأحياء السكنية.",
}
UNLOCATED_REPORT = {
    "id": "fixture-unlocated-2023-04-12", "published": "2023-04-12", "publisher": "أمثلة مرصد",
    "title": "=HYPERLINK(\"http://example.org\",\"انقر\") اشتباكات بين فصائل مسلحة",
    "text": "اشتباكات بين فصائل مسلحة\n\nأفاد ناشطون بأن اشتباكات عنيفة اندلعت مساء أمس الثلاثاء بين "
            "عناصر من هيئة تحرير الشام ومقاتلين من فصيل معارض، من دون أن يحددوا مكان وقوعها، وأسفرت "
            "عن مقتل ثلاثة مقاتلين.",
}
# A report for the write tests, not in the read store.
NEW_REPORT = {
    "id": "fixture-new-2024-06-20", "published": "2024-06-20", "publisher": "أمثلة مرصد",
    "title": "غارة جوية على أطراف مدينة إدلب",
    "text": "غارة جوية على أطراف مدينة إدلب\n\nقال الدفاع المدني السوري إن طائرات حربية روسية شنت "
            "غارة جوية على أطراف مدينة إدلب فجر اليوم الخميس، ما أسفر عن مقتل مدني وإصابة ثلاثة آخرين.",
}


def example_inputs() -> list[dict[str, Any]]:
    text = importlib.resources.files("marsad").joinpath("examples", "examples.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def make_client(db: Path | str, engine: Engine | None = None, **options: Any) -> Any:
    from starlette.testclient import TestClient

    from marsad.serve.app import create_app

    options.setdefault("static_dir", Path("/nonexistent-marsad-static"))
    app = create_app(db, engine=(lambda: engine) if engine is not None else None, **options)
    return TestClient(app, raise_server_exceptions=False)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The one error shape, with this status and code; returns the error object."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert all(set(d) == {"field", "problem"} for d in error["details"])
    assert "Traceback" not in response.text
    return dict(error)
