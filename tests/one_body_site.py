"""A small Arabic news site on loopback where one article sits under ten URLs (issue 15, class 1).

The article's body is served, in the site's full template, at ``/article/1.html`` …
``/article/10.html``: in UTF-8, once in windows-1256 (as many Arabic sites still serve) and once
with a few broken bytes, with no rel=canonical to tie them together (aliases, print and AMP
copies, a wire text posted twice). Four other articles of the site carry the same template.
Inside the article column the site prints two lines of its own that no generic rule knows (a
slogan above the story and an SMS-service prompt under it): real chrome, to be learned from
the site's pages and removed. The texts are written for these tests.

Imported as a plain module by tests/crawl and tests/extract (pytest puts tests/ on sys.path).
"""

from __future__ import annotations

import threading
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SITE_NAME = "الوادي نيوز"
HOST = "127.0.0.57"
TITLE = "افتتاح محطة لتحلية مياه البحر تخدم مئتي ألف نسمة في المدن الساحلية"
BODY = [
    "افتتح محافظ البحر الأحمر صباح اليوم الخميس محطة جديدة لتحلية مياه البحر بطاقة إنتاجية تبلغ "
    "ثمانين ألف متر مكعب يوميا، وذلك بعد عامين من بدء أعمال الإنشاء على الشريط الساحلي جنوب المدينة، "
    "في خطوة قال إنها تنهي أزمة انقطاع المياه التي عانى منها السكان خلال أشهر الصيف الماضية.",
    "وأوضح المحافظ في كلمته خلال حفل الافتتاح أن المحطة تخدم نحو مئتي ألف نسمة في ثلاث مدن ساحلية، "
    "وأن تكلفتها بلغت مليار ومئتي مليون جنيه جرى تمويلها بالشراكة بين الحكومة وعدد من المستثمرين "
    "المحليين، مشيرا إلى أن الأولوية في التوزيع ستكون للمستشفيات والمدارس والأحياء الأكثر كثافة.",
    "من جانبه قال رئيس الشركة القابضة لمياه الشرب إن المحطة تعمل بتقنية التناضح العكسي وتستهلك طاقة "
    "أقل بنحو الثلث من المحطات القديمة، لافتا إلى أن جزءا من احتياجاتها من الكهرباء يأتي من ألواح "
    "شمسية أقيمت على مساحة عشرين فدانا بجوار المحطة.",
    "وأشار إلى أن الشركة تعمل على مد خط ناقل بطول خمسة وأربعين كيلومترا لربط المحطة بالقرى الواقعة "
    "على الطريق الساحلي، على أن ينتهي العمل فيه قبل بداية الموسم السياحي المقبل.",
    "وكان سكان عدد من الأحياء قد اشتكوا خلال الصيف الماضي من انقطاع المياه لساعات طويلة يوميا، "
    "واضطر بعضهم إلى شراء المياه من سيارات النقل بأسعار مرتفعة.",
]
# The learned chrome: lines the site prints in the article column of every page.
SLOGAN = "الوادي نيوز.. صوت الناس من الصعيد إلى البحر"
PROMPT = "لمتابعة آخر الأخبار أرسل كلمة «وادي» في رسالة نصية إلى الرقم 9090"
SITE_CHROME = (SLOGAN, PROMPT)
OTHERS = [
    ("ارتفاع أسعار الخضراوات في أسواق الجملة مع بداية الشتاء", [
        "شهدت أسواق الجملة ارتفاعا ملحوظا في أسعار الخضراوات خلال الأسبوع الجاري، إذ زاد سعر كيلو "
        "الطماطم بنحو الربع مقارنة بالأسبوع الماضي، وعزا التجار ذلك إلى تراجع المعروض مع انخفاض "
        "درجات الحرارة وتأخر الحصاد في عدد من المحافظات.",
        "وقال رئيس شعبة الخضر والفاكهة إن الأسعار مرشحة للتراجع خلال أسبوعين مع دخول إنتاج العروة "
        "الشتوية إلى الأسواق، داعيا المستهلكين إلى عدم التكالب على الشراء.",
        "وأضاف أن أسعار الفاكهة بقيت مستقرة في معظم الأصناف، باستثناء الموالح التي ارتفعت قليلا مع "
        "زيادة الطلب عليها في بداية موسمها.",
    ]),
    ("تأجيل مباراة القمة بسبب سوء الأحوال الجوية", [
        "قررت لجنة المسابقات تأجيل مباراة القمة التي كان مقررا إقامتها مساء السبت إلى موعد يحدد "
        "لاحقا، بعد تحذيرات هيئة الأرصاد من أمطار غزيرة ورياح قوية على المدينة.",
        "وأكدت اللجنة في بيان أن القرار جاء حفاظا على سلامة اللاعبين والجماهير، وأن تذاكر المباراة "
        "تظل صالحة للموعد الجديد.",
        "وكان الفريقان قد أنهيا استعداداتهما للمباراة بمران أخير مساء الجمعة، وأعلن المدربان "
        "قائمتي اللاعبين قبل أن يصدر قرار التأجيل بساعات.",
    ]),
    ("جامعة الجنوب تطلق برنامجا لتدريب الخريجين على البرمجة", [
        "أطلقت جامعة الجنوب برنامجا مجانيا لتدريب ألفي خريج على البرمجة وتحليل البيانات، بالتعاون "
        "مع عدد من شركات التكنولوجيا التي تعهدت بتوظيف المتفوقين منهم بعد انتهاء التدريب.",
        "ويستمر البرنامج ستة أشهر، ويتضمن مشروعات عملية ومسابقات شهرية، ويفتح باب التقديم له عبر "
        "موقع الجامعة حتى نهاية الشهر الجاري.",
        "وقال رئيس الجامعة إن البرنامج يأتي ضمن خطة لربط التعليم باحتياجات سوق العمل، وإن دفعة "
        "ثانية ستبدأ في الصيف المقبل إذا نجحت التجربة.",
    ]),
    ("ضبط مخزن للأدوية المهربة في حملة تفتيشية", [
        "ضبطت إدارة الصيدلة بالمحافظة مخزنا غير مرخص يحتوي على كميات كبيرة من الأدوية المهربة "
        "ومنتهية الصلاحية، خلال حملة تفتيشية على الصيدليات والمخازن في الحي الشرقي.",
        "وتحفظت الحملة على المضبوطات وحررت محضرا بالواقعة، وأحيل صاحب المخزن إلى النيابة العامة "
        "للتحقيق معه.",
        "وحذرت الإدارة المواطنين من شراء الأدوية من مصادر غير معروفة، ودعتهم إلى الإبلاغ عن أي "
        "مخالفات عبر الخط الساخن للمديرية.",
    ]),
]
COPIES = 10  # /article/1.html … /article/10.html carry BODY
WINDOWS_1256_COPY = 2
BROKEN_COPY = 3
# The paragraph of BODY where the broken copy has a few damaged bytes.
BROKEN_PARAGRAPH = 1


def page(title: str, paragraphs: list[str], charset: str = "utf-8", site_lines: bool = True) -> str:
    """An article in the site's template: masthead, menu, ticker, breadcrumbs, share row,
    related box and footer around the article column, which opens with the site's slogan and
    closes with its SMS prompt (unless not ``site_lines``)."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if site_lines:
        body = f"<p>{escape(SLOGAN)}</p>\n{body}\n<p>{escape(PROMPT)}</p>"
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>{escape(title)} | {SITE_NAME}</title>
<meta property="og:title" content="{escape(title)}">
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="article:published_time" content="2026-11-26T09:15:00+02:00">
</head><body>
<header class="site-header"><a href="/">{SITE_NAME}</a>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/section/1">محافظات</a></li>
<li><a href="/section/2">اقتصاد</a></li><li><a href="/section/3">رياضة</a></li></ul></nav></header>
<div class="news-ticker"><span>عاجل</span> <a href="/article/12.html">تأجيل مباراة القمة بسبب سوء الأحوال الجوية</a></div>
<div class="breadcrumb"><a href="/">الرئيسية</a> / <a href="/section/1">محافظات</a></div>
<main><article>
<h1>{escape(title)}</h1>
<div class="meta">الخميس 26 نوفمبر 2026 - 09:15 ص</div>
<div class="entry">
{body}
</div>
<div class="share-row"><span>شارك الخبر</span> <a href="https://facebook.com/">فيسبوك</a> <a href="https://x.com/">إكس</a></div>
</article>
<aside class="related-news"><h3>اقرأ أيضا</h3><ul>
<li><a href="/article/11.html">ارتفاع أسعار الخضراوات في أسواق الجملة</a></li>
<li><a href="/article/13.html">جامعة الجنوب تطلق برنامجا لتدريب الخريجين</a></li></ul></aside>
</main>
<footer><p>جميع الحقوق محفوظة لموقع {SITE_NAME} 2026</p></footer>
</body></html>"""


def broken(data: bytes) -> bytes:
    """``data`` with three bytes damaged inside one paragraph: the second byte of three Arabic
    letters replaced by 0xFF, which no UTF-8 decoder accepts."""
    paragraph = BODY[BROKEN_PARAGRAPH]
    start = data.index(paragraph.encode("utf-8"))
    damaged = bytearray(data)
    letters = [i for i, char in enumerate(paragraph) if "\u0621" <= char <= "\u064a"]
    for index in (letters[10], letters[60], letters[120]):
        # A letter is two bytes in UTF-8: damage its second one.
        damaged[start + len(paragraph[:index].encode("utf-8")) + 1] = 0xFF
    return bytes(damaged)


def copy_bytes(number: int, site_lines: bool = True) -> tuple[bytes, str]:
    """The body and charset of ``/article/{number}.html``."""
    if number > COPIES:
        title, paragraphs = OTHERS[number - COPIES - 1]
        return page(title, paragraphs, site_lines=site_lines).encode("utf-8"), "utf-8"
    if number == WINDOWS_1256_COPY:
        return page(TITLE, BODY, "windows-1256", site_lines).encode("cp1256"), "windows-1256"
    data = page(TITLE, BODY, site_lines=site_lines).encode("utf-8")
    return (broken(data) if number == BROKEN_COPY else data), "utf-8"


def article_numbers() -> range:
    return range(1, COPIES + len(OTHERS) + 1)


def home_page() -> str:
    links = "".join(f'<li><a href="/article/{n}.html">خبر {n}</a></li>' for n in article_numbers())
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{SITE_NAME}'
            f"</title></head><body><h1>{SITE_NAME}</h1><ul>{links}</ul></body></html>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/":
            data, charset = home_page().encode("utf-8"), "utf-8"
        elif self.path.startswith("/article/") and self.path.endswith(".html"):
            number = self.path.removeprefix("/article/").removesuffix(".html")
            if not number.isdigit() or int(number) not in article_numbers():
                self.send_error(404)
                return
            data, charset = copy_bytes(int(number))
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", f"text/html; charset={charset}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class OneBodySite:
    """The site, served on ``HOST`` at a free port while the ``with`` block runs."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def url(self, number: int) -> str:
        return f"{self.origin}/article/{number}.html"

    def sites_yaml(self) -> str:
        return (f'allow_private_addresses: ["{HOST}:{self.port}"]\n'
                "sites:\n"
                "  - name: wadi-news\n"
                f'    domains: ["{HOST}"]\n'
                f"    start_urls: [{self.origin}/]\n"
                "    article_pattern: '/article/\\d+\\.html'\n"
                "    timezone: Africa/Cairo\n"
                "    politeness: {delay: 0.0, concurrency: 4}\n")

    def __enter__(self) -> OneBodySite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
