"""Words for explanations, in English and Ukrainian: the comparisons, their levels and the
strength of the evidence. The English level labels are the model's own (``model.py``)."""

from __future__ import annotations

COMPARISONS = {
    "given_name": ("Given name", "Ім'я"),
    "family_name": ("Family name", "Прізвище"),
    "patronymic": ("Patronymic", "По батькові"),
    "family_initial": ("Family name initial", "Ініціал прізвища"),
    "birth_date": ("Date of birth", "Дата народження"),
    "birth_month": ("Month of birth", "Місяць народження"),
    "birth_year": ("Year of birth", "Рік народження"),
    "birth_age": ("Age", "Вік"),
    "sex": ("Sex", "Стать"),
    "birth_place": ("Place of birth", "Місце народження"),
    "birth_country": ("Country of birth", "Країна народження"),
    "whereabouts": ("Whereabouts", "Місцеперебування"),
    "whereabouts_region": ("Region of whereabouts", "Регіон перебування"),
    "institution": ("Institution", "Заклад"),
    "guardians": ("Parents or guardians", "Батьки або опікуни"),
    "siblings": ("Siblings", "Брати й сестри"),
    "sibling_months": ("Siblings' months of birth", "Місяці народження братів і сестер"),
    "pair_kind": ("Dates the two records give", "Дати народження у двох записах"),
}

LEVELS_UK = {
    "given name missing": "ім'я не вказано",
    "same given name, same spelling": "те саме ім'я, те саме написання",
    "same given name in another language or spelling": "те саме ім'я іншою мовою або в іншому написанні",
    "a diminutive or form of the same name": "зменшувальна або інша форма того самого імені",
    "similar given names (a typo?)": "схожі імена (описка?)",
    "different given names": "різні імена",
    "family name missing": "прізвище не вказано",
    "same family name (any script or Russian form)": "те саме прізвище (будь-яким письмом або в російській формі)",
    "family names one letter apart": "прізвища різняться однією літерою",
    "similar family names": "схожі прізвища",
    "only an initial of the family name, and it agrees": "лише ініціал прізвища, і він збігається",
    "only an initial of the family name, and it differs": "лише ініціал прізвища, і він інший",
    "not a surname initial to compare": "немає ініціалу прізвища для порівняння",
    "no month of birth without a day to compare": "немає місяця народження без дня для порівняння",
    "year of birth one apart at most": "рік народження різниться не більш як на один",
    "different months of birth": "різні місяці народження",
    "no year of birth alone to compare": "немає окремого року народження для порівняння",
    "no age to compare (or both records give a date of birth)": (
        "немає віку для порівняння (або обидва записи дають дату народження)"
    ),
    "age does not fit the date of birth": "вік не відповідає даті народження",
    "years of birth one apart": "роки народження різняться на один",
    "years of birth one digit apart (a typo?)": "роки народження різняться однією цифрою (описка?)",
    "years of birth far apart (no single typo explains them)": (
        "роки народження далекі (однією опискою не пояснити)"
    ),
    "different family names": "різні прізвища",
    "patronymic missing": "по батькові не вказано",
    "same father's name in the patronymic": "те саме ім'я батька в по батькові",
    "different patronymics": "різні по батькові",
    "date of birth missing": "дату народження не вказано",
    "full date of birth missing": "повної дати народження не вказано",
    "same date of birth": "та сама дата народження",
    "same date of birth with day and month swapped": "та сама дата народження, день і місяць переставлені",
    "dates of birth one digit apart": "дати народження різняться однією цифрою",
    "same month and year of birth (day not given)": "той самий місяць і рік народження (день не вказано)",
    "dates of birth within three months (an infant's date may have been changed)": "дати народження в межах трьох місяців (дату немовляти могли змінити)",
    "date of birth shifted by three months at most": "дату народження зсунуто не більш як на три місяці",
    "same year of birth (only the year given)": "той самий рік народження (вказано лише рік)",
    "born within the year that the age at the sighting allows": "народження в межах року, який дозволяє вік на момент згадки",
    "age consistent with the date of birth, give or take a year": "вік узгоджується з датою народження (± рік)",
    "same day and month, year one apart": "той самий день і місяць, рік різниться на один",
    "different dates of birth": "різні дати народження",
    "dates of birth more than a year apart": "дати народження різняться більш ніж на рік",
    "sex not given": "стать не вказано",
    "same sex": "та сама стать",
    "different sex": "різна стать",
    "place of birth missing": "місце народження не вказано",
    "place of birth missing (or a record without a full date)": "місце народження не вказано (або запис без повної дати)",
    "same place of birth (under any of its names)": "те саме місце народження (під будь-якою з його назв)",
    "same place name (perhaps another place of that name)": "та сама назва місця (можливо, інший населений пункт із такою назвою)",
    "same region of birth (ДНР/ЛНР read as the oblast)": "та сама область народження (ДНР/ЛНР — як область)",
    "different places of birth": "різні місця народження",
    "whereabouts not given (or the same institution, or the places of birth)": (
        "місцеперебування не вказано (або той самий заклад, або місця народження)"
    ),
    "no region of whereabouts alone to compare": "немає окремого регіону перебування для порівняння",
    "held in the same region": "утримується в тому самому регіоні",
    "held in different regions": "утримується в різних регіонах",
    "held or last seen in the same town": "утримується або востаннє бачена в тому самому місті",
    "held or last seen in the same region": "утримується або востаннє бачена в тому самому регіоні",
    "held or last seen in different places": "утримується або востаннє бачена в різних місцях",
    "institution not given": "заклад не вказано",
    "same institution": "той самий заклад",
    "same institution, its number given by one record only": (
        "той самий заклад, номер вказано лише в одному записі"
    ),
    "different institutions": "різні заклади",
    "different institutions, both in Ukraine": "різні заклади, обидва в Україні",
    "guardians not given": "батьків або опікунів не вказано",
    "a parent or guardian with the same name": "той самий батько, мати або опікун за повним ім'ям",
    "a parent or guardian with the same given name": "батько, мати або опікун з тим самим ім'ям",
    "different guardians": "різні батьки або опікуни",
    "siblings not listed on both": "братів і сестер не вказано в обох записах",
    "a sibling born in the same month (one record gives no days)": (
        "брат або сестра того самого місяця народження (в одному записі без днів)"
    ),
    "siblings known by their months, none born in the same month": (
        "братів і сестер вказано з місяцями народження, жоден місяць не збігається"
    ),
    "siblings not listed on both (or by their months only)": "братів і сестер не вказано в обох записах (або вказано лише місяці їх народження)",
    "no siblings known by their months only": "немає братів і сестер, відомих лише за місяцем народження",
    "two siblings born in the same months": "двоє братів чи сестер народжені в ті самі місяці",
    "a sibling born in the same month": "брат або сестра народжені того самого місяця",
    "no sibling born in the same month": "жоден брат чи сестра не народжені того самого місяця",
    "no month-only date of birth to compare": "немає дати народження лише з місяцем для порівняння",
    "same month of birth (one record gives no day)": "той самий місяць народження (в одному записі день не вказано)",
    "months of birth three months apart at most": "місяці народження різняться не більш як на три",
    "looks like the other record's sibling, not the same child": "схоже на брата чи сестру з іншого запису, а не на ту саму дитину",
    "a sibling with the same name and birth date": "брат або сестра з тим самим ім'ям і датою народження",
    "a sibling with the same birth date": "брат або сестра з тією самою датою народження",
    "a sibling with the same name": "брат або сестра з тим самим ім'ям",
    "siblings listed, none agree": "брати й сестри вказані, але жоден не збігається",
    "two siblings born on the same days": "двоє братів чи сестер народжені в ті самі дні",
    "a sibling born on the same day": "брат або сестра народжені того самого дня",
    "twins on both sides": "близнюки в обох записах",
    "born abroad by one record, in Ukraine by the other": "народження за кордоном за одним записом, в Україні за іншим",
    "born in the same country": "народження в тій самій країні",
    "a sibling born the same year, from the same institution": "брат або сестра того самого року народження з того самого закладу",
    "siblings listed by one record only": "братів і сестер вказано лише в одному записі",
    "a sibling born the same year": "брат або сестра того самого року народження",
    "no sibling born the same year": "жоден брат чи сестра не народжені того самого року",
    "both records give a date of birth": "обидва записи містять дату народження",
    "a record gives only a month of birth: fewer renamings among many such pairs": (
        "один запис містить лише місяць народження: таких пар багато, змін особи серед них менше"
    ),
}

STRENGTH = {
    "no evidence": "немає доказів",
    "very strong evidence for": "дуже сильний доказ «за»",
    "strong evidence for": "сильний доказ «за»",
    "evidence for": "доказ «за»",
    "little evidence either way": "майже нейтрально",
    "evidence against": "доказ «проти»",
    "strong evidence against": "сильний доказ «проти»",
    "very strong evidence against": "дуже сильний доказ «проти»",
}


def comparison_title(name: str, lang: str = "en") -> str:
    en, uk = COMPARISONS.get(name, (name, name))
    return uk if lang == "uk" else en


def level_text(label: str, lang: str = "en") -> str:
    return LEVELS_UK.get(label, label) if lang == "uk" else label


def strength_text(words: str, lang: str = "en") -> str:
    return STRENGTH.get(words, words) if lang == "uk" else words
