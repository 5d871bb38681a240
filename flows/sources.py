"""The sources behind every legal statement, keyed as in the project's legal fact sheet.

``law_as_of`` is the date the statement was last checked against the source; ``review``
says whether a lawyer has reviewed it. ``boshpana content check`` reads these
(:mod:`flows.content`). A document's ``jurisdiction`` says where what it supports applies:
Russian law only to a person in Russia, the European Court's Rule 39 only in a member state
of the Council of Europe (``flows.validate`` holds every path of the interview to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Jurisdiction(StrEnum):
    """Where the statements a document supports apply."""

    GENERAL = "general"
    """Facts and evidence that hold wherever the person is (cases, reports, UN routes)."""
    RUSSIA = "russia"
    """Russian law and procedure, and help that exists only in Russia."""
    RULE39 = "rule39"
    """The European Court's interim measures: only in a member state of the Council of Europe."""


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document a legal statement relies on.

    ``checked`` is the day the document itself was last looked at, when the fact sheet
    records it; ``None`` means it is not recorded, and contacts from it must say so.
    """

    key: str
    title: str
    url: str
    jurisdiction: Jurisdiction = Jurisdiction.GENERAL
    checked: date | None = None


class Review(StrEnum):
    """How far a statement has been reviewed."""

    DRAFT = "draft"
    """Checked against its sources by the project, not yet by a lawyer."""
    REVIEWED = "reviewed"
    """Reviewed by a lawyer."""


CONTENT_VERSION = "2026-11-29"
"""The version of the legal content: the day its statements were last checked."""

LAW_AS_OF = date(2026, 11, 29)
REVIEW_STATUS = Review.DRAFT

COE_MEMBERS = "CoE46"
"""The list of member states of the Council of Europe: which countries Rule 39 can reach."""

DOCUMENTS: dict[str, SourceDocument] = {
    doc.key: doc
    for doc in (
        SourceDocument(
            "S1",
            "Council of Europe: Russia ceases to be a Party to the ECHR on 16 September 2022",
            "https://www.coe.int/el/web/portal/full-news/-/asset_publisher/y5xQt7QdunzT/content/russia-ceases-to-be-a-party-to-the-european-convention-of-human-rights-on-16-september-2022",
        ),
        SourceDocument(
            "S2",
            "ECtHR resolution of 22 March 2022 (quoted by the ECHR Blog)",
            "https://www.echrblog.com/2022/03/echr-continues-to-apply-for-russia.html",
        ),
        SourceDocument(
            "S3",
            "ECtHR, Pivkina and Others v. Russia (dec.), 2023",
            "https://app.lexploria.com/document/930206-pivkina-and-others-v-russia",
        ),
        SourceDocument(
            "S7",
            "ECRE on abductions of Rule 39 applicants from Russia",
            "https://ecre.org/russia-condemned-for-failing-to-protect-asylum-seekers-from-kidnapping-and-irregular-transfers-to-countries-where-they-face-a-real-risk-of-torture-and-ill-treatment/",
        ),
        SourceDocument(
            "S8",
            "ECtHR, Mamazhonov v. Russia, 2014",
            "https://beta.bailii.org/eu/cases/ECHR/2014/1436.html",
        ),
        SourceDocument(
            "S10",
            "Doughty Street Chambers: interim measures at the ECtHR",
            "https://insights.doughtystreet.co.uk/post/102j49b/interim-measures-at-the-european-court-of-human-rights-form-substance-future",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S13",
            "ECtHR: Applying for interim measures",
            "https://prd-echr.coe.int/web/echr/applying-for-interim-measures",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S14",
            "ECtHR Practice Direction on interim measures (contact page)",
            "https://europeancourt.org/en/documents/council-of-europe/echr/practice-directions-requests-interim-measures/contact-court/",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S15",
            "ECtHR Practice Direction on interim measures (2015 text)",
            "https://inview.nl/openCitation/id91d4764d9bae7d7958db92f51c9031da/european-court-of-human-rights-rules-of-court-registry-of-the-court-strasbourg-bijlage",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S16",
            "Meyer Nouzha avocats: general information for ECtHR applicants",
            "https://www.meyer-nouzha-avocats.com/english/european-court-of-human-rights-skills/general-information-for-applicants/",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S17",
            "ECtHR Rule 39 Site and page on Rule 39",
            "https://r39.echr.coe.int/",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S19",
            "ECtHR, 2022 decision ([2022] ECHR 585): Rule 39 refused where domestic remedies "
            "that suspend removal were not used",
            "https://beta.bailii.org/eu/cases/ECHR/2022/585.html",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S20",
            "UN CAT, X v. Russia (CAT/C/54/D/542/2013)",
            "https://docstore.ohchr.org/",
        ),
        SourceDocument(
            "S20x",
            "How to request interim measures (blog, 2016)",
            "https://washingtonpost02.blogspot.com/2016/04/how-to-request-interim-measures-of.html",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S21b",
            "Interim measures: fax numbers of the ECtHR (Scribd)",
            "https://scribd.com/document/454742082/Interim-Measures",
            Jurisdiction.RULE39,
        ),
        SourceDocument(
            "S22",
            "UN HRC, F.A. v. Russia (CCPR/C/123/D/2189/2012)",
            "https://docstore.ohchr.org/",
        ),
        SourceDocument(
            "S22c",
            "UN HRC, F.A. v. Russia (CCPR/C/123/D/2189/2012), summary",
            "https://atlas-of-torture.org/en/entity/7qon1iu14i8?page=3",
        ),
        SourceDocument(
            "S23",
            "UN HRC view CCPR/C/131/D/2635/2015",
            "https://docstore.ohchr.org/",
        ),
        SourceDocument(
            "S24",
            "UN HRC, D.S. v. Russia (CCPR/C/129/D/2445/2014)",
            "https://docstore.ohchr.org/",
        ),
        SourceDocument(
            "S26",
            "UN treaty bodies: guidance note on the form for individual communications",
            "https://europeancourt.org/en/documents/un/committees/form-for-individual-communications/guidance-note/",
        ),
        SourceDocument(
            "S27",
            "Criminal Procedure Code of the Russian Federation, art. 463",
            "https://ppt.ru/kodeks/upk/st-463",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S28",
            "Criminal Procedure Code of the Russian Federation, art. 464",
            "http://upkodeksrf.ru/ch-5/rzd-18/gl-54/st-464-upk-rf",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S30b",
            "CPC RF art. 466: custody ordered by a court on the prosecutor's application",
            "https://zaki.ru/pagesnew.php?id=58232&page=29",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S31",
            "Law No. 4528-1 “On Refugees”, art. 12(2)",
            "http://www.consultant.ru/document/cons_doc_LAW_422173/27f2b85f7fcc6d7e04c456a9db05fcdd608715cd/",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S31b",
            "Law No. 4528-1 “On Refugees”, art. 10(1)",
            "https://studfile.net/preview/21632717/page:8",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S32",
            "Constitution of the Russian Federation, art. 63(2)",
            "http://geum.ru/lav/index-3737.php",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S33",
            "Code of Administrative Offences of the RF, art. 30.3",
            "http://isfic.info/admkodex5/st30.3.htm",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S34",
            "Code of Administrative Offences of the RF, art. 30.5 (older text)",
            "https://m.tululu.org/bread_53400_485.xhtml",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S35",
            "Code of Administrative Offences of the RF, art. 18.8",
            "https://docs.cntd.ru/document/901807667/titles/3ODF13H",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S36",
            "MVD on the register of controlled persons (2025)",
            "https://rf-smi.ru/russ/95311-mvd-razyasnyaet-poryadok-formirovaniya-i-funkcionirovaniya-reestra-kontroliruemyh-lic.html",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S37",
            "Vedomosti, 18 Sept 2025: expulsions ordered by the MVD",
            "https://www.vedomosti.ru/society/articles/2025/09/18/1140047-pristavi-vidvorili-iz-rf-okolo-35-000-inostrantsev",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S39",
            "ConsultantPlus: challenging a deportation decision",
            "https://www.consultant.ru/law/podborki/osparivanie_resheniya_o_deportacii",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S59",
            "Prosecutor's office, 12 Nov 2024: Federal Law No. 364-FZ of 29 Oct 2024 amends "
            "CAO RF art. 30.3 (10 “days”, not “24-hour periods”)",
            "https://proc.govnewsrf.ru/skfo/cha/378872",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S40",
            "About Russia: refugee status and temporary asylum granted in 2023",
            "https://aboutrussia.org/theydontgiveadamnaboutanyone",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S41",
            "Amnesty International, “Fast-Track to Torture” (EUR 62/3740/2016)",
            "https://kipdf.com/fast-track-to-torture_5afb582c8ead0ee30a8b4606.html",
        ),
        SourceDocument(
            "S42",
            "UN Committee against Torture, concluding observations on Uzbekistan "
            "(CAT/C/UZB/CO/4), 2013",
            "https://atlas-of-torture.org/en/entity/18c5dr2t1yzi7a0dpgc3fmvx6r?page=2",
        ),
        SourceDocument(
            "S43",
            "UN Committee against Torture, concluding observations on Uzbekistan "
            "(CAT/C/UZB/CO/5), 2019",
            "https://atlas-of-torture.org/en/entity/2mbzz3likao?page=3",
        ),
        SourceDocument(
            "S44",
            "UN Special Rapporteur on freedom of religion, A/HRC/37/49/Add.2",
            "https://adattar.minorityforum.info/en/entity/l07dupjvzy/metadata?page=13",
        ),
        SourceDocument(
            "S47",
            "Human Rights Watch, World Report 2025 (as reported by VOA)",
            "https://www.newsgram.com/amp/story/world/2025/01/25/voa-uzbek-human-rights-conditions-have-worsened-across-central-asia-hrw-says",
        ),
        SourceDocument(
            "S48",
            "AHRCA: EU–Uzbekistan human rights dialogue (reforms since 2016; torture reports)",
            "https://ahrca.org/publications/report/1028-eu-uzbekistan-human-rights-dialogue-eu-to-raise-key-fundamental-rights-issues",
        ),
        SourceDocument(
            "S49",
            "ECtHR, Khodzhamberdiyev v. Russia",
            "https://archive.org/download/ECHR-ACL2019/ECHR_Dataset.zip",
        ),
        SourceDocument(
            "S50",
            "UNHCR Russia help page: where to find help",
            "https://help.unhcr.org/russia/en/where-to-find-help/unhcr-russia/",
            Jurisdiction.RUSSIA,
        ),
        SourceDocument(
            "S55",
            "Essanews: persecution of Central Asian migrants (2024)",
            "https://essanews.com/persecution-and-torture-of-central-asian-migrants-escalate-in-russia,7010144762480257a",
        ),
        SourceDocument(
            "S56",
            "ICJ intervention, Urinov v. Russia",
            "https://docslib.org/doc/9436939/shakhobiddin-zokirzhanovich-urinov-v-russia",
        ),
        SourceDocument(
            COE_MEMBERS,
            "Türkiye MFA: the 46 member states of the Council of Europe (as of 18 Sept 2024); "
            "not in the project's fact sheet",
            "https://www.mfa.gov.tr/council-of-europe.en.mfa",
        ),
    )
}
