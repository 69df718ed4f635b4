'use strict';

// The conversations the tests play, with exactly what the user must see at each step. Dates use
// the narrow no-break space the library's CLDR puts before «г.» (U+202F), as the bot does too.

const G = '\u202fг.';

const GREETING = 'Здравствуйте! Это демонстрационный бот телемедицинских консультаций «врач — пациент». '
  + 'Все пациенты в его регистре вымышленные.';
const ASK_ORGANISATION = {
  text: 'Выберите медицинскую организацию:',
  buttons: [['Демо-поликлиника № 1, Воронеж'], ['Демо-диагностический центр, Киров']],
};
const ASK_METHOD = {
  text: 'Как вас идентифицировать?',
  buttons: [['Полис ОМС (ЕНП) и дата рождения'], ['СНИЛС и дата рождения']],
};
const ASK_ROLE = {
  text: 'Кто записывается на консультацию?',
  buttons: [['Я пациент'], ['Я социальный работник, записываю подопечного']],
};
const ASK_ENP = { text: 'Введите номер полиса ОМС (ЕНП) — 16 цифр.' };
const ASK_SNILS = { text: 'Введите СНИЛС: 11 цифр, например 123-456-789 01.' };
const ASK_WARD_SNILS = { text: 'Введите СНИЛС подопечного: 11 цифр, например 123-456-789 01.' };
const ASK_BIRTH_DATE = { text: 'Введите дату рождения в формате ДД.ММ.ГГГГ, например 05.09.1980.' };
const ASK_WARD_BIRTH_DATE = { text: 'Введите дату рождения подопечного в формате ДД.ММ.ГГГГ, например 05.09.1940.' };
const ASK_PURPOSE_VOR = {
  text: 'Выберите цель консультации:',
  buttons: [['Закрыть больничный лист'], ['Результаты анализов и обследований'], ['Вопросы о назначенном лечении']],
};
const ASK_PURPOSE_KIR = {
  text: 'Выберите цель консультации:',
  buttons: [['Закрыть больничный лист'], ['Наблюдение хронического заболевания'], ['Вопросы о назначенном лечении']],
};
const ASK_WARD_PURPOSE = { ...ASK_PURPOSE_KIR, text: 'Выберите цель консультации подопечного:' };
const ASK_CONSENT = {
  text: 'Консультация пройдёт с применением телемедицинских технологий (видеосвязь в MAX). '
    + 'Даёте ли вы согласие на консультацию в дистанционном формате?',
  buttons: [['Даю согласие'], ['Не даю согласие']],
};
const ASK_PRESENCE = {
  text: 'Кто будет на видеосвязи с врачом?',
  buttons: [['Подопечный вместе со мной'], ['Только я, без подопечного']],
};
const ASK_PROXY_CONSENT = {
  text: 'Консультация пройдёт с применением телемедицинских технологий (видеосвязь в MAX). '
    + 'Согласие на дистанционный формат должно быть оформлено.',
  buttons: [['Подопечный рядом и даёт согласие сам'], ['Даю согласие за подопечного']],
};
const ALLOWED = { text: 'Решение: дистанционная консультация возможна.' };
const SLOT_TEXT = 'Выберите время телемедицинской консультации (время местное, по часовому поясу организации):';
const ASK_SLOT_VOR = {
  text: SLOT_TEXT,
  buttons: [[`12 марта 2026${G}, 11:00 (Москва)`], [`12 марта 2026${G}, 16:00 (Москва)`], [`13 марта 2026${G}, 10:00 (Москва)`]],
};
const ASK_SLOT_KIR = {
  text: SLOT_TEXT,
  buttons: [[`12 марта 2026${G}, 10:00 (Киров)`], [`12 марта 2026${G}, 15:00 (Киров)`], [`13 марта 2026${G}, 10:00 (Киров)`]],
};

function booked(organisation, when) {
  return {
    text: `Запись оформлена.\nОрганизация: ${organisation}\nВремя: ${when}\n`
      + 'В назначенное время врач свяжется по видеосвязи в MAX.',
  };
}

// The Voronezh patient of the register (record vrn-0001): ЕНП 3602 1547 0391 8236, born
// 05.09.1984, her certificate 360000123457 open since @today-9 (03.03.2026) to @today.
const VORONEZH_STEPS = [
  { act: 'start', expect: [{ text: GREETING }, ASK_ORGANISATION] },
  { act: 'press', arg: 'Демо-поликлиника № 1, Воронеж', expect: [ASK_METHOD] },
  { act: 'press', arg: 'Полис ОМС (ЕНП) и дата рождения', expect: [ASK_ENP] },
  { act: 'say', arg: '3602 1547 0391 8236', expect: [{ text: 'Полис ОМС (ЕНП) 36** **** **** **36 принят.' }, ASK_BIRTH_DATE] },
  { act: 'say', arg: '05.09.1984', expect: [{ text: 'Вы идентифицированы.' }, ASK_PURPOSE_VOR] },
  { act: 'press', arg: 'Закрыть больничный лист', expect: [ASK_CONSENT] },
  { act: 'press', arg: 'Даю согласие', expect: [ALLOWED, ASK_SLOT_VOR] },
  { act: 'press', arg: `12 марта 2026${G}, 16:00 (Москва)`, expect: [booked('Демо-поликлиника № 1, Воронеж', `12 марта 2026${G}, 16:00 (Москва)`)] },
];

// The protocol's summary as the library writes it for Госуслуги (protocol.deliveries), which the
// patient gets in the chat. Worked out by hand: the consultation starts and completes at 16:05
// Moscow time on 12.03.2026; the certificate's last period (03.03–12.03) ends on the closing day,
// the completion's date; sick_leave.return_date: the day after closing → 13.03.2026. The number
// 360000123457 is masked to its first and last two digits.
const VORONEZH_PROTOCOL = {
  text: `Протокол телемедицинской консультации от 12 марта 2026${G}\n`
    + `Ваша телемедицинская консультация состоялась 12 марта 2026${G}, 16:05 (Москва). `
    + 'Медицинская организация: Демо-поликлиника № 1, Воронеж. '
    + 'Листок нетрудоспособности № 36********57 закрыт. '
    + `Приступить к работе 13 марта 2026${G} `
    + 'Протокол подписан электронной подписью и доступен в личном кабинете.',
};

async function play(user, steps, options) {
  const seen = [];
  for (const s of steps) {
    const got = s.act === 'start' ? await user.start(options) : await user[s.act](s.arg, options);
    seen.push({ step: s.arg || s.act, got, expect: s.expect });
  }
  return seen;
}

module.exports = {
  G,
  GREETING,
  ASK_ORGANISATION,
  ASK_METHOD,
  ASK_ROLE,
  ASK_ENP,
  ASK_SNILS,
  ASK_WARD_SNILS,
  ASK_BIRTH_DATE,
  ASK_WARD_BIRTH_DATE,
  ASK_PURPOSE_VOR,
  ASK_PURPOSE_KIR,
  ASK_WARD_PURPOSE,
  ASK_CONSENT,
  ASK_PRESENCE,
  ASK_PROXY_CONSENT,
  ALLOWED,
  ASK_SLOT_VOR,
  ASK_SLOT_KIR,
  booked,
  VORONEZH_STEPS,
  VORONEZH_PROTOCOL,
  play,
};
