"""The built-in plan: the China–Africa Action Plan for Digital Cooperation and Development.

Adopted in Beijing on 29 July 2024; its commitments run for three years. The descriptions below
summarise the plan's content in our own words.
"""

import datetime as dt

from django.db import migrations

SLUG = "china-africa-digital-2024"

PILLARS = [
    (
        "policy",
        "Policy dialogue and exchange",
        "Regular dialogue between Chinese and African governments on digital policy, mutual "
        "visits of officials and experts, cooperation documents signed between governments, "
        "and mechanisms that keep the cooperation going, such as the China–Africa Internet "
        "Development and Cooperation Forum.",
    ),
    (
        "infrastructure",
        "Digital infrastructure",
        "Building and upgrading the networks Africa's digital economy runs on: mobile networks, "
        "terrestrial and submarine backbone fibre, satellite communications and navigation, "
        "data centres and cloud computing, so that more people are connected at lower cost.",
    ),
    (
        "innovation",
        "Digital technology innovation",
        "Joint research and application of artificial intelligence, 5G and 6G, high-performance "
        "computing and quantum communications; joint Centers for AI Cooperation; support for "
        "startups, small and medium-sized enterprises, young people and women through "
        "incubation, exchanges and financing.",
    ),
    (
        "transformation",
        "Digital transformation",
        "Digital technology put to work in the economy and public life: ten demonstration "
        "projects over three years in fields such as agriculture, manufacturing, mining, energy, "
        "public services, urban management, finance, healthcare, education, tourism and retail.",
    ),
    (
        "security",
        "Digital security",
        "Cooperation on cyber security, data security and the protection of personal "
        "information: shared policy, training and joint drills, and exploring a joint "
        "laboratory on digital security.",
    ),
    (
        "capability",
        "Digital capacity building",
        "Developing digital skills and talent: training programmes, scholarships, seminars and "
        "exchanges for officials, technicians, teachers and students, training at least 1,000 "
        "digital talents for Africa over three years.",
    ),
]

KINDS = [
    ("policy", "dialogue", "Policy dialogue", "dialogue"),
    ("policy", "visit", "Mutual visit", "visit"),
    ("policy", "signed-document", "Signed cooperation document", "signed_document"),
    ("policy", "mechanism", "Cooperation mechanism", "mechanism"),
    ("infrastructure", "mobile-network", "Mobile network project", "infrastructure_project"),
    ("infrastructure", "backbone", "Backbone network project", "infrastructure_project"),
    ("infrastructure", "satellite", "Satellite project", "infrastructure_project"),
    ("infrastructure", "data-centre", "Data centre project", "infrastructure_project"),
    ("infrastructure", "cloud", "Cloud computing project", "infrastructure_project"),
    ("innovation", "ai-centre", "Center for AI Cooperation", "centre"),
    ("innovation", "research", "Joint research and innovation project", "innovation_project"),
    ("innovation", "startup-incubation", "Startup and SME incubation", "incubation"),
    ("innovation", "financing", "Innovation financing", "financing"),
    ("transformation", "demonstration", "Digital transformation demonstration project",
     "demonstration_project"),
    ("security", "security-training", "Security training", "security_training"),
    ("security", "security-drill", "Security drill", "security_drill"),
    ("security", "security-lab", "Joint digital security laboratory", "laboratory"),
    ("capability", "training", "Training programme", "training_programme"),
    ("capability", "exchange", "Talent exchange", "exchange"),
]  # fmt: skip

SECTORS = [
    ("agriculture", "Agriculture", ["31110", "31120", "31161", "31163"]),
    ("manufacturing", "Manufacturing", ["32110", "32130", "32172"]),
    ("mining", "Mining", ["32210", "32220", "32261"]),
    ("energy", "Energy", ["23110", "23210", "23630"]),
    ("public-services", "Public services", ["15110", "15111", "15130"]),
    ("urban-management", "Urban management", ["43030"]),
    ("finance", "Finance", ["24010", "24030", "24040"]),
    ("healthcare", "Healthcare", ["12110", "12191", "12220"]),
    ("education", "Education", ["11110", "11330", "11420"]),
    ("tourism", "Tourism", ["33210"]),
    ("retail", "Retail and e-commerce", ["33120", "25010"]),
    ("other", "Other", ["22040", "99810"]),
]

TECHNOLOGIES = [
    ("5g-6g", "5G/6G"),
    ("ai", "Artificial intelligence"),
    ("hpc", "High-performance computing"),
    ("quantum", "Quantum communications"),
    ("satellite", "Satellite"),
    ("backbone", "Backbone networks"),
    ("data-centre", "Data centres"),
    ("cloud", "Cloud computing"),
]

INDICATORS = [
    ("infrastructure", "people-covered-broadband", "People newly covered by mobile broadband",
     "people"),
    ("infrastructure", "backbone-km", "Backbone fibre laid", "km"),
    ("infrastructure", "data-centre-mw", "Data-centre capacity commissioned", "MW"),
    ("innovation", "startups-incubated", "Startups incubated", "startups"),
    ("innovation", "financing-mobilised", "Financing mobilised", "USD"),
    ("policy", "documents-signed", "Cooperation documents signed", "documents"),
    ("security", "security-drills", "Security drills held", "drills"),
    ("security", "security-people-trained", "Security professionals trained", "people"),
    ("capability", "people-trained", "People trained", "people"),
]  # fmt: skip

DEADLINE = dt.date(2027, 7, 29)
TARGETS = [
    ("transformation", "demonstration-projects",
     "10 digital transformation demonstration projects by 29 July 2027",
     "demonstration_projects", "projects", 10, DEADLINE),
    ("capability", "digital-talents", "At least 1,000 digital talents trained by 29 July 2027",
     "digital_talents", "people", 1000, DEADLINE),
    ("innovation", "ai-centres", "Joint Centers for AI Cooperation established",
     "ai_centres", "centres", None, DEADLINE),
    ("security", "security-lab", "Joint laboratory on digital security explored",
     "milestone", "", None, DEADLINE),
]  # fmt: skip


def load(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    Pillar = apps.get_model("plans", "Pillar")
    ActivityKind = apps.get_model("plans", "ActivityKind")
    Sector = apps.get_model("plans", "Sector")
    Technology = apps.get_model("plans", "Technology")
    StandardIndicator = apps.get_model("plans", "StandardIndicator")
    Target = apps.get_model("plans", "Target")

    plan = Plan.objects.create(
        slug=SLUG,
        title="China–Africa Action Plan for Digital Cooperation and Development",
        short_title="China–Africa Digital Cooperation",
        adopted_on=dt.date(2024, 7, 29),
        adopted_at="Beijing",
        period_start=dt.date(2024, 7, 29),
        period_end=DEADLINE,
        summary=(
            "Agreed at the China–Africa Internet Development and Cooperation Forum in Beijing, "
            "the plan sets out how China and African countries will work together on digital "
            "policy, infrastructure, innovation, transformation, security and skills over "
            "three years, with concrete commitments on demonstration projects and talent."
        ),
        languages=["en", "fr", "zh-hans", "ar", "pt"],
        is_builtin=True,
    )
    pillars = {}
    for order, (code, name, description) in enumerate(PILLARS, start=1):
        pillars[code] = Pillar.objects.create(
            plan=plan, code=code, name=name, description=description, order=order
        )
    ActivityKind.objects.bulk_create(
        ActivityKind(plan=plan, pillar=pillars[p], code=c, name=n, category=cat)
        for p, c, n, cat in KINDS
    )
    Sector.objects.bulk_create(
        Sector(plan=plan, code=c, name=n, dac_codes=dac) for c, n, dac in SECTORS
    )
    Technology.objects.bulk_create(Technology(plan=plan, code=c, name=n) for c, n in TECHNOLOGIES)
    StandardIndicator.objects.bulk_create(
        StandardIndicator(plan=plan, pillar=pillars[p], code=c, name=n, unit=u)
        for p, c, n, u in INDICATORS
    )
    for order, (p, code, statement, metric, unit, value, deadline) in enumerate(TARGETS, 1):
        Target.objects.create(
            plan=plan,
            pillar=pillars[p],
            code=code,
            statement=statement,
            metric=metric,
            unit=unit,
            value=value,
            deadline=deadline,
            order=order,
        )


def unload(apps, schema_editor):
    apps.get_model("plans", "Plan").objects.filter(slug=SLUG).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
