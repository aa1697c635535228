"""The built-in plan's names in French, Simplified Chinese, Arabic and Portuguese.

Terms follow the plan's Chinese text (中非数字合作发展行动计划) and the usage of FOCAC, the AU
and the UN in each language: 数字人才 / talents numériques / الكفاءات الرقمية / talentos
digitais; 示范项目 / projet de démonstration / مشروع نموذجي / projeto de demonstração.
Each value is ``{language: text}``; English stays in the fields themselves.
"""

from django.db import migrations

SLUG = "china-africa-digital-2024"

PLAN = {
    "title": {
        "fr": "Plan d'action Chine-Afrique pour la coopération et le développement numériques",
        "zh-hans": "中非数字合作发展行动计划",
        "ar": "خطة العمل الصينية الأفريقية للتعاون والتنمية في المجال الرقمي",
        "pt": "Plano de Ação China-África para a Cooperação e o Desenvolvimento Digitais",
    },
    "short_title": {
        "fr": "Coopération numérique Chine-Afrique",
        "zh-hans": "中非数字合作",
        "ar": "التعاون الرقمي الصيني الأفريقي",
        "pt": "Cooperação Digital China-África",
    },
    "adopted_at": {"fr": "Pékin", "zh-hans": "北京", "ar": "بكين", "pt": "Pequim"},
    "summary": {
        "fr": "Adopté lors du Forum sur le développement et la coopération Internet Chine-Afrique "
        "à Pékin, le plan définit comment la Chine et les pays africains coopéreront pendant "
        "trois ans en matière de politique numérique, d'infrastructures, d'innovation, de "
        "transformation, de sécurité et de compétences, avec des engagements concrets sur les "
        "projets de démonstration et les talents.",
        "zh-hans": "该计划在北京举行的中非互联网发展与合作论坛上通过，阐明了中国和非洲国家在"
        "三年内如何在数字政策、基础设施、创新、转型、安全和技能等领域开展合作，并就示范项目"
        "和人才培养作出具体承诺。",
        "ar": "اعتُمدت الخطة في منتدى التنمية والتعاون في مجال الإنترنت بين الصين وأفريقيا في "
        "بكين، وهي تحدد كيف ستعمل الصين والبلدان الأفريقية معًا على مدى ثلاث سنوات في مجالات "
        "السياسات الرقمية والبنية التحتية والابتكار والتحول والأمن والمهارات، مع التزامات "
        "محددة بشأن المشاريع النموذجية والكفاءات.",
        "pt": "Aprovado no Fórum China-África de Desenvolvimento e Cooperação da Internet, em "
        "Pequim, o plano define como a China e os países africanos cooperarão durante três anos "
        "em política digital, infraestruturas, inovação, transformação, segurança e "
        "competências, com compromissos concretos sobre projetos de demonstração e talentos.",
    },
}

PILLARS = {
    "policy": (
        {
            "fr": "Dialogue et échanges sur les politiques",
            "zh-hans": "政策对话与交流",
            "ar": "الحوار والتبادل بشأن السياسات",
            "pt": "Diálogo e intercâmbio de políticas",
        },
        {
            "fr": "Dialogue régulier entre les gouvernements chinois et africains sur les "
            "politiques numériques, visites mutuelles de responsables et d'experts, documents "
            "de coopération signés entre gouvernements et mécanismes qui font vivre la "
            "coopération, comme le Forum sur le développement et la coopération Internet "
            "Chine-Afrique.",
            "zh-hans": "中非政府间定期开展数字政策对话，官员和专家互访，政府间签署合作文件，"
            "并建立中非互联网发展与合作论坛等保持合作持续开展的机制。",
            "ar": "حوار منتظم بين الحكومات الصينية والأفريقية بشأن السياسات الرقمية، وزيارات "
            "متبادلة للمسؤولين والخبراء، ووثائق تعاون موقعة بين الحكومات، وآليات تضمن "
            "استمرار التعاون، مثل منتدى التنمية والتعاون في مجال الإنترنت بين الصين وأفريقيا.",
            "pt": "Diálogo regular entre os governos chineses e africanos sobre política "
            "digital, visitas mútuas de responsáveis e peritos, documentos de cooperação "
            "assinados entre governos e mecanismos que mantêm a cooperação, como o Fórum "
            "China-África de Desenvolvimento e Cooperação da Internet.",
        },
    ),
    "infrastructure": (
        {
            "fr": "Infrastructures numériques",
            "zh-hans": "数字基础设施",
            "ar": "البنية التحتية الرقمية",
            "pt": "Infraestruturas digitais",
        },
        {
            "fr": "Construire et moderniser les réseaux sur lesquels repose l'économie "
            "numérique africaine : réseaux mobiles, dorsales terrestres et câbles sous-marins, "
            "communications et navigation par satellite, centres de données et informatique en "
            "nuage, afin de connecter davantage de personnes à moindre coût.",
            "zh-hans": "建设和升级非洲数字经济赖以运行的网络：移动网络、陆地和海底骨干光缆、"
            "卫星通信与导航、数据中心和云计算，让更多人以更低成本接入网络。",
            "ar": "بناء وتحديث الشبكات التي يقوم عليها الاقتصاد الرقمي في أفريقيا: شبكات "
            "الاتصالات المتنقلة، والألياف الأساسية البرية والبحرية، والاتصالات والملاحة "
            "الساتلية، ومراكز البيانات والحوسبة السحابية، لربط عدد أكبر من الناس بتكلفة أقل.",
            "pt": "Construir e modernizar as redes em que assenta a economia digital africana: "
            "redes móveis, fibra de backbone terrestre e submarina, comunicações e navegação "
            "por satélite, centros de dados e computação em nuvem, para ligar mais pessoas a "
            "menor custo.",
        },
    ),
    "innovation": (
        {
            "fr": "Innovation technologique numérique",
            "zh-hans": "数字技术创新",
            "ar": "الابتكار في التكنولوجيا الرقمية",
            "pt": "Inovação tecnológica digital",
        },
        {
            "fr": "Recherche et application conjointes de l'intelligence artificielle, de la "
            "5G et de la 6G, du calcul haute performance et des communications quantiques ; "
            "centres conjoints de coopération en intelligence artificielle ; soutien aux "
            "jeunes pousses, aux petites et moyennes entreprises, aux jeunes et aux femmes par "
            "l'incubation, les échanges et le financement.",
            "zh-hans": "联合开展人工智能、5G和6G、高性能计算和量子通信的研究与应用；共建人工"
            "智能合作中心；通过孵化、交流和融资支持初创企业、中小企业、青年和妇女。",
            "ar": "البحث والتطبيق المشتركان في مجالات الذكاء الاصطناعي والجيلين الخامس "
            "والسادس والحوسبة عالية الأداء والاتصالات الكمية؛ ومراكز مشتركة للتعاون في مجال "
            "الذكاء الاصطناعي؛ ودعم الشركات الناشئة والمؤسسات الصغيرة والمتوسطة والشباب "
            "والنساء من خلال الاحتضان والتبادل والتمويل.",
            "pt": "Investigação e aplicação conjuntas de inteligência artificial, 5G e 6G, "
            "computação de alto desempenho e comunicações quânticas; centros conjuntos de "
            "cooperação em inteligência artificial; apoio a startups, pequenas e médias "
            "empresas, jovens e mulheres através de incubação, intercâmbios e financiamento.",
        },
    ),
    "transformation": (
        {
            "fr": "Transformation numérique",
            "zh-hans": "数字化转型",
            "ar": "التحول الرقمي",
            "pt": "Transformação digital",
        },
        {
            "fr": "Les technologies numériques au service de l'économie et de la vie "
            "publique : dix projets de démonstration en trois ans dans des domaines tels que "
            "l'agriculture, l'industrie manufacturière, les mines, l'énergie, les services "
            "publics, la gestion urbaine, la finance, la santé, l'éducation, le tourisme et le "
            "commerce de détail.",
            "zh-hans": "让数字技术服务经济和公共生活：三年内在农业、制造业、矿业、能源、公共"
            "服务、城市管理、金融、医疗卫生、教育、旅游和零售等领域实施十个示范项目。",
            "ar": "تسخير التكنولوجيا الرقمية للاقتصاد والحياة العامة: عشرة مشاريع نموذجية "
            "خلال ثلاث سنوات في مجالات مثل الزراعة والصناعة التحويلية والتعدين والطاقة "
            "والخدمات العامة والإدارة الحضرية والتمويل والرعاية الصحية والتعليم والسياحة "
            "وتجارة التجزئة.",
            "pt": "A tecnologia digital ao serviço da economia e da vida pública: dez projetos "
            "de demonstração em três anos em domínios como a agricultura, a indústria "
            "transformadora, a mineração, a energia, os serviços públicos, a gestão urbana, as "
            "finanças, a saúde, a educação, o turismo e o comércio a retalho.",
        },
    ),
    "security": (
        {
            "fr": "Sécurité numérique",
            "zh-hans": "数字安全",
            "ar": "الأمن الرقمي",
            "pt": "Segurança digital",
        },
        {
            "fr": "Coopération en matière de cybersécurité, de sécurité des données et de "
            "protection des informations personnelles : politiques communes, formation et "
            "exercices conjoints, et exploration d'un laboratoire conjoint sur la sécurité "
            "numérique.",
            "zh-hans": "在网络安全、数据安全和个人信息保护方面开展合作：共享政策、开展培训和"
            "联合演练，并探讨共建数字安全联合实验室。",
            "ar": "التعاون في مجالات الأمن السيبراني وأمن البيانات وحماية المعلومات الشخصية: "
            "سياسات مشتركة وتدريب وتمارين مشتركة، واستكشاف إنشاء مختبر مشترك للأمن الرقمي.",
            "pt": "Cooperação em cibersegurança, segurança dos dados e proteção das informações "
            "pessoais: políticas partilhadas, formação e exercícios conjuntos, e estudo de um "
            "laboratório conjunto de segurança digital.",
        },
    ),
    "capability": (
        {
            "fr": "Renforcement des capacités numériques",
            "zh-hans": "数字能力建设",
            "ar": "بناء القدرات الرقمية",
            "pt": "Reforço das capacidades digitais",
        },
        {
            "fr": "Développer les compétences et les talents numériques : programmes de "
            "formation, bourses, séminaires et échanges pour les fonctionnaires, les "
            "techniciens, les enseignants et les étudiants, avec au moins 1 000 talents "
            "numériques formés pour l'Afrique en trois ans.",
            "zh-hans": "培养数字技能和人才：面向官员、技术人员、教师和学生开展培训项目、奖学金"
            "、研讨会和交流，三年内为非洲培养不少于1000名数字人才。",
            "ar": "تنمية المهارات والكفاءات الرقمية: برامج تدريبية ومنح دراسية وحلقات دراسية "
            "وتبادلات للمسؤولين والفنيين والمعلمين والطلاب، وتدريب ما لا يقل عن 1000 من "
            "الكفاءات الرقمية لأفريقيا خلال ثلاث سنوات.",
            "pt": "Desenvolver competências e talentos digitais: programas de formação, bolsas "
            "de estudo, seminários e intercâmbios para funcionários, técnicos, professores e "
            "estudantes, formando pelo menos 1000 talentos digitais para África em três anos.",
        },
    ),
}

# code: (fr, zh-hans, ar, pt)
KINDS = {
    "dialogue": ("Dialogue politique", "政策对话", "حوار بشأن السياسات", "Diálogo político"),
    "visit": ("Visite mutuelle", "互访", "زيارة متبادلة", "Visita mútua"),
    "signed-document": ("Document de coopération signé", "签署的合作文件", "وثيقة تعاون موقعة",
                        "Documento de cooperação assinado"),
    "mechanism": ("Mécanisme de coopération", "合作机制", "آلية تعاون", "Mecanismo de cooperação"),
    "mobile-network": ("Projet de réseau mobile", "移动网络项目", "مشروع شبكة اتصالات متنقلة",
                       "Projeto de rede móvel"),
    "backbone": ("Projet de réseau dorsal", "骨干网项目", "مشروع شبكة أساسية",
                 "Projeto de rede de backbone"),
    "satellite": ("Projet satellitaire", "卫星项目", "مشروع ساتلي", "Projeto de satélite"),
    "data-centre": ("Projet de centre de données", "数据中心项目", "مشروع مركز بيانات",
                    "Projeto de centro de dados"),
    "cloud": ("Projet d'informatique en nuage", "云计算项目", "مشروع حوسبة سحابية",
              "Projeto de computação em nuvem"),
    "ai-centre": ("Centre de coopération en intelligence artificielle", "人工智能合作中心",
                  "مركز التعاون في مجال الذكاء الاصطناعي",
                  "Centro de Cooperação em Inteligência Artificial"),
    "research": ("Projet conjoint de recherche et d'innovation", "联合研究与创新项目",
                 "مشروع مشترك للبحث والابتكار", "Projeto conjunto de investigação e inovação"),
    "startup-incubation": ("Incubation de jeunes pousses et de PME", "初创企业和中小企业孵化",
                           "احتضان الشركات الناشئة والمؤسسات الصغيرة والمتوسطة",
                           "Incubação de startups e PME"),
    "financing": ("Financement de l'innovation", "创新融资", "تمويل الابتكار",
                  "Financiamento da inovação"),
    "demonstration": ("Projet de démonstration de la transformation numérique",
                      "数字化转型示范项目", "مشروع نموذجي للتحول الرقمي",
                      "Projeto de demonstração da transformação digital"),
    "security-training": ("Formation à la sécurité", "安全培训", "تدريب في مجال الأمن",
                          "Formação em segurança"),
    "security-drill": ("Exercice de sécurité", "安全演练", "تمرين أمني", "Exercício de segurança"),
    "security-lab": ("Laboratoire conjoint de sécurité numérique", "数字安全联合实验室",
                     "مختبر مشترك للأمن الرقمي", "Laboratório conjunto de segurança digital"),
    "training": ("Programme de formation", "培训项目", "برنامج تدريبي", "Programa de formação"),
    "exchange": ("Échange de talents", "人才交流", "تبادل الكفاءات", "Intercâmbio de talentos"),
}  # fmt: skip

SECTORS = {
    "agriculture": ("Agriculture", "农业", "الزراعة", "Agricultura"),
    "manufacturing": ("Industrie manufacturière", "制造业", "الصناعة التحويلية",
                      "Indústria transformadora"),
    "mining": ("Mines", "矿业", "التعدين", "Mineração"),
    "energy": ("Énergie", "能源", "الطاقة", "Energia"),
    "public-services": ("Services publics", "公共服务", "الخدمات العامة", "Serviços públicos"),
    "urban-management": ("Gestion urbaine", "城市管理", "الإدارة الحضرية", "Gestão urbana"),
    "finance": ("Finance", "金融", "التمويل", "Finanças"),
    "healthcare": ("Santé", "医疗卫生", "الرعاية الصحية", "Saúde"),
    "education": ("Éducation", "教育", "التعليم", "Educação"),
    "tourism": ("Tourisme", "旅游", "السياحة", "Turismo"),
    "retail": ("Commerce de détail et commerce électronique", "零售和电子商务",
               "تجارة التجزئة والتجارة الإلكترونية", "Comércio a retalho e comércio eletrónico"),
    "other": ("Autre", "其他", "أخرى", "Outro"),
}  # fmt: skip

TECHNOLOGIES = {
    "5g-6g": ("5G/6G", "5G/6G", "الجيل الخامس/السادس (5G/6G)", "5G/6G"),
    "ai": ("Intelligence artificielle", "人工智能", "الذكاء الاصطناعي", "Inteligência artificial"),
    "hpc": ("Calcul haute performance", "高性能计算", "الحوسبة عالية الأداء",
            "Computação de alto desempenho"),
    "quantum": ("Communications quantiques", "量子通信", "الاتصالات الكمية",
                "Comunicações quânticas"),
    "satellite": ("Satellite", "卫星", "السواتل", "Satélite"),
    "backbone": ("Réseaux dorsaux", "骨干网络", "الشبكات الأساسية", "Redes de backbone"),
    "data-centre": ("Centres de données", "数据中心", "مراكز البيانات", "Centros de dados"),
    "cloud": ("Informatique en nuage", "云计算", "الحوسبة السحابية", "Computação em nuvem"),
}  # fmt: skip

# code: ((name fr, zh-hans, ar, pt), (unit fr, zh-hans, ar, pt))
INDICATORS = {
    "people-covered-broadband": (
        ("Personnes nouvellement couvertes par le haut débit mobile", "新增移动宽带覆盖人口",
         "الأشخاص المشمولون حديثًا بالنطاق العريض المتنقل",
         "Pessoas recentemente cobertas pela banda larga móvel"),
        ("personnes", "人", "شخص", "pessoas")),
    "backbone-km": (("Fibre dorsale posée", "已敷设骨干光缆", "الألياف الأساسية الممدودة",
                     "Fibra de backbone instalada"), ("km", "公里", "كم", "km")),
    "data-centre-mw": (("Capacité de centres de données mise en service", "已投运数据中心容量",
                        "قدرة مراكز البيانات المشغلة", "Capacidade de centros de dados instalada"),
                       ("MW", "兆瓦", "ميغاواط", "MW")),
    "startups-incubated": (("Jeunes pousses incubées", "孵化的初创企业", "الشركات الناشئة المحتضنة",
                            "Startups incubadas"),
                           ("jeunes pousses", "家初创企业", "شركة ناشئة", "startups")),
    "financing-mobilised": (("Financements mobilisés", "动员的资金", "التمويل المعبأ",
                             "Financiamento mobilizado"), ("USD", "美元", "دولار أمريكي", "USD")),
    "documents-signed": (("Documents de coopération signés", "签署的合作文件",
                          "وثائق التعاون الموقعة", "Documentos de cooperação assinados"),
                         ("documents", "份文件", "وثيقة", "documentos")),
    "security-drills": (("Exercices de sécurité organisés", "举行的安全演练",
                         "التمارين الأمنية المنفذة", "Exercícios de segurança realizados"),
                        ("exercices", "次演练", "تمرين", "exercícios")),
    "security-people-trained": (("Professionnels de la sécurité formés", "培训的安全专业人员",
                                 "المهنيون المدربون في مجال الأمن",
                                 "Profissionais de segurança formados"),
                                ("personnes", "人", "شخص", "pessoas")),
    "people-trained": (("Personnes formées", "培训人数", "الأشخاص المدربون", "Pessoas formadas"),
                       ("personnes", "人", "شخص", "pessoas")),
}  # fmt: skip

TARGETS = {
    "demonstration-projects": (
        ("10 projets de démonstration de la transformation numérique d'ici le 29 juillet 2027",
         "到2027年7月29日实施10个数字化转型示范项目",
         "10 مشاريع نموذجية للتحول الرقمي بحلول 29 يوليو 2027",
         "10 projetos de demonstração da transformação digital até 29 de julho de 2027"),
        ("projets", "个项目", "مشاريع", "projetos")),
    "digital-talents": (
        ("Au moins 1 000 talents numériques formés d'ici le 29 juillet 2027",
         "到2027年7月29日培养不少于1000名数字人才",
         "تدريب ما لا يقل عن 1000 من الكفاءات الرقمية بحلول 29 يوليو 2027",
         "Pelo menos 1000 talentos digitais formados até 29 de julho de 2027"),
        ("personnes", "人", "شخص", "pessoas")),
    "ai-centres": (
        ("Centres conjoints de coopération en intelligence artificielle créés",
         "共建人工智能合作中心", "إنشاء مراكز مشتركة للتعاون في مجال الذكاء الاصطناعي",
         "Centros conjuntos de cooperação em inteligência artificial criados"),
        ("centres", "个中心", "مراكز", "centros")),
    "security-lab": (
        ("Laboratoire conjoint sur la sécurité numérique exploré", "探讨共建数字安全联合实验室",
         "استكشاف إنشاء مختبر مشترك للأمن الرقمي",
         "Laboratório conjunto de segurança digital estudado"),
        None),
}  # fmt: skip

LANGS = ("fr", "zh-hans", "ar", "pt")


def _by_lang(values):
    return dict(zip(LANGS, values, strict=True))


def load(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    plan = Plan.objects.filter(slug=SLUG).first()
    if plan is None:
        return
    plan.translations = PLAN
    plan.save(update_fields=["translations"])

    def translate(model, per_code):
        for record in model.objects.filter(plan=plan, code__in=per_code):
            record.translations = per_code[record.code]
            record.save(update_fields=["translations"])

    translate(
        apps.get_model("plans", "Pillar"),
        {c: {"name": n, "description": d} for c, (n, d) in PILLARS.items()},
    )
    translate(
        apps.get_model("plans", "ActivityKind"),
        {c: {"name": _by_lang(v)} for c, v in KINDS.items()},
    )
    translate(
        apps.get_model("plans", "Sector"), {c: {"name": _by_lang(v)} for c, v in SECTORS.items()}
    )
    translate(
        apps.get_model("plans", "Technology"),
        {c: {"name": _by_lang(v)} for c, v in TECHNOLOGIES.items()},
    )
    translate(
        apps.get_model("plans", "StandardIndicator"),
        {c: {"name": _by_lang(n), "unit": _by_lang(u)} for c, (n, u) in INDICATORS.items()},
    )
    translate(
        apps.get_model("plans", "Target"),
        {
            c: {"statement": _by_lang(s), **({"unit": _by_lang(u)} if u else {})}
            for c, (s, u) in TARGETS.items()
        },
    )


def unload(apps, schema_editor):
    for name in ("Plan", "Pillar", "ActivityKind", "Sector", "Technology", "StandardIndicator",
                 "Target"):  # fmt: skip
        apps.get_model("plans", name).objects.update(translations={})


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_translations")]
    operations = [migrations.RunPython(load, unload)]
