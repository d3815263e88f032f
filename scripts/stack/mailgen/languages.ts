/** French, German, Japanese, Russian and Chinese text packs and their legacy charsets (data only). */
import type { LegacyCharset } from './encoding.ts';
import type { Template } from './templates.ts';
import { compileAll } from './templates.ts';

export type ForeignLang = 'fr' | 'de' | 'ja' | 'ru' | 'zh';
export type LangCode = 'en' | ForeignLang;

export interface LangPack {
  readonly charset: LegacyCharset;
  /** CJK text does not break at spaces; each sentence becomes its own line. */
  readonly cjk: boolean;
  /** Whether bodies go base64 (dense scripts) rather than quoted-printable. */
  readonly base64: boolean;
  readonly subjects: readonly string[];
  readonly greetings: readonly Template[];
  readonly sentences: readonly string[];
  readonly signOffs: readonly string[];
  /** Reply attribution, with {date} and {who}. */
  readonly wrote: string;
  /** [display name, mailbox local part, name used to greet them] */
  readonly people: readonly (readonly [string, string, string])[];
  readonly timeZone: number;
}

export const LANG_PACKS: Readonly<Record<ForeignLang, LangPack>> = {
  fr: {
    charset: 'ISO-8859-1',
    cjk: false,
    base64: false,
    subjects: [
      'Compte rendu de la réunion',
      'Réservation pour vendredi',
      'Facture du mois de février',
      "Nouvelles de l'équipe",
      'Question rapide à propos du séminaire',
      "Vacances d'été à Évian",
      'Dîner chez nous samedi ?',
      'Mise à jour du projet',
    ],
    greetings: compileAll(['Bonjour {name},', 'Salut {name} !', 'Chère équipe,']),
    sentences: [
      'Voici le compte rendu de la réunion de jeudi.',
      'Merci de vérifier les éléments avant vendredi.',
      "Le café est prêt à l'étage, comme d'habitude.",
      "J'ai ajouté les remarques de François dans le document.",
      "Nous avons déjà réservé la salle pour l'après-midi.",
      "Pourriez-vous confirmer votre présence d'ici mercredi ?",
      'Les résultats du trimestre sont très encourageants.',
      "Il faudra prévoir un budget supplémentaire pour l'été.",
      'Je reste à votre disposition pour toute question.',
      "La réunion est décalée à 14 h à cause d'un imprévu.",
    ],
    signOffs: ['Bien à vous,', 'Cordialement,', 'À bientôt,', 'Bonne journée,'],
    wrote: 'Le {date}, {who} a écrit :',
    people: [
      ['François Lefèvre', 'francois.lefevre', 'François'],
      ['Amélie Durand', 'amelie.durand', 'Amélie'],
      ['Hélène Mercier', 'helene.mercier', 'Hélène'],
      ['Jérôme Girard', 'jerome.girard', 'Jérôme'],
      ['Céline Faure', 'celine.faure', 'Céline'],
      ['Benoît Roussel', 'benoit.roussel', 'Benoît'],
    ],
    timeZone: 60,
  },
  de: {
    charset: 'ISO-8859-1',
    cjk: false,
    base64: false,
    subjects: [
      'Besprechungsprotokoll für Donnerstag',
      'Übersicht für nächste Woche',
      'Grüße aus München',
      'Änderungen am Vertrag',
      'Rückfrage zur Rechnung',
      'Termin für die Schulung',
      'Schöne Feiertage!',
      'Prüfung der Unterlagen',
    ],
    greetings: compileAll(['Hallo {name},', 'Guten Tag {name},', 'Moin {name},']),
    sentences: [
      'Die Übersicht für nächste Woche ist fertig.',
      'Bitte prüfen Sie die Änderungen bis Freitag.',
      'Anbei finden Sie das Protokoll unserer Besprechung.',
      'Wir treffen uns um 10 Uhr im großen Saal.',
      'Die Straßenbahn fährt leider nur stündlich.',
      'Könnten Sie mir kurz Bescheid geben, ob das passt?',
      'Für Rückfragen stehe ich gern zur Verfügung.',
      'Das Budget für das nächste Quartal ist genehmigt.',
      'Über die Details sprechen wir am Dienstag.',
      'Vielen Dank für die schnelle Rückmeldung!',
    ],
    signOffs: ['Viele Grüße,', 'Mit freundlichen Grüßen,', 'Schöne Grüße,', 'Beste Grüße,'],
    wrote: 'Am {date} schrieb {who}:',
    people: [
      ['Jürgen Müller', 'juergen.mueller', 'Jürgen'],
      ['Käthe Schäfer', 'kaethe.schaefer', 'Käthe'],
      ['Jörg Weiß', 'joerg.weiss', 'Jörg'],
      ['Sören Köhler', 'soeren.koehler', 'Sören'],
      ['Anna Groß', 'anna.gross', 'Anna'],
      ['Lukas Bäcker', 'lukas.baecker', 'Lukas'],
    ],
    timeZone: 120,
  },
  ja: {
    charset: 'Shift_JIS',
    cjk: true,
    base64: true,
    subjects: [
      '会議の議事録',
      '来週の予定について',
      '請求書の送付',
      'プロジェクト進捗報告',
      '資料のご確認のお願い',
      '打ち合わせ日程の調整',
      '新年のご挨拶',
      '出張の件',
    ],
    greetings: compileAll(['{name}様', '{name}さん', 'お疲れ様です。']),
    sentences: [
      'お疲れ様です。',
      '来週の会議の資料を送付します。',
      'ご確認のほど、よろしくお願いいたします。',
      'プロジェクトの進捗について報告します。',
      '東京は今日も晴れです。',
      '打ち合わせは木曜日の午後三時からです。',
      '修正版を共有フォルダに置きました。',
      'ご不明な点がありましたら、お気軽にご連絡ください。',
      '予算案について、明日までにご意見をください。',
      '先日はありがとうございました。',
    ],
    signOffs: ['よろしくお願いいたします。', '以上です。', '引き続きよろしくお願いします。'],
    wrote: '{date}、{who} さんは書きました:',
    people: [
      ['田中 太郎', 'tanaka.taro', '田中'],
      ['鈴木 花子', 'suzuki.hanako', '鈴木'],
      ['佐藤 健', 'sato.ken', '佐藤'],
      ['高橋 美咲', 'takahashi.misaki', '高橋'],
      ['渡辺 翔太', 'watanabe.shota', '渡辺'],
      ['伊藤 さくら', 'ito.sakura', '伊藤'],
    ],
    timeZone: 540,
  },
  ru: {
    charset: 'windows-1251',
    cjk: false,
    base64: false,
    subjects: [
      'Отчёт за месяц',
      'Встреча в четверг',
      'Счёт на оплату',
      'Планы на следующую неделю',
      'Вопрос по договору',
      'Поздравляю с праздником!',
      'Обновление проекта',
      'Фотографии с конференции',
    ],
    greetings: compileAll(['Добрый день, {name}!', 'Здравствуйте, {name}!', 'Привет, {name}!']),
    sentences: [
      'Высылаю отчёт за прошлый месяц.',
      'Пожалуйста, проверьте документы до пятницы.',
      'Встреча переносится на четверг, на 15:00.',
      'Спасибо за быстрый ответ!',
      'Мы обсудили бюджет и сроки проекта.',
      'Если будут вопросы, звоните в любое время.',
      'Новая версия уже доступна для тестирования.',
      'Погода в Москве отличная, приезжайте.',
      'Договор подписан, оригинал отправим почтой.',
      'Напомню, что дедлайн в понедельник.',
    ],
    signOffs: ['С уважением,', 'Всего доброго,', 'Спасибо,'],
    wrote: '{date}, {who} пишет:',
    people: [
      ['Иван Петров', 'ivan.petrov', 'Иван'],
      ['Анна Смирнова', 'anna.smirnova', 'Анна'],
      ['Дмитрий Козлов', 'dmitry.kozlov', 'Дмитрий'],
      ['Елена Волкова', 'elena.volkova', 'Елена'],
      ['Сергей Морозов', 'sergey.morozov', 'Сергей'],
      ['Ольга Соколова', 'olga.sokolova', 'Ольга'],
    ],
    timeZone: 180,
  },
  zh: {
    charset: 'GB18030',
    cjk: true,
    base64: true,
    subjects: [
      '本月工作报告',
      '会议纪要',
      '项目进度更新',
      '关于下周出差的安排',
      '发票已寄出',
      '春节放假通知',
      '请确认合同条款',
      '周末聚餐',
    ],
    greetings: compileAll(['{name}，您好！', '{name}：', '大家好，']),
    sentences: [
      '附件是本月的报告，请查收。',
      '请在周五之前确认。',
      '会议改到周四下午三点。',
      '项目进展顺利，测试已经完成。',
      '如有任何问题，请随时联系我。',
      '预算方案需要再讨论一下。',
      '北京今天天气很好。',
      '合同已经签好了，原件会寄给您。',
      '感谢大家的辛苦工作！',
      '下周一之前请提交修改意见。',
    ],
    signOffs: ['谢谢，祝好！', '此致敬礼', '祝工作顺利！'],
    wrote: '{who} 于 {date} 写道：',
    people: [
      ['王伟', 'wang.wei', '王伟'],
      ['李娜', 'li.na', '李娜'],
      ['张敏', 'zhang.min', '张敏'],
      ['刘洋', 'liu.yang', '刘洋'],
      ['陈静', 'chen.jing', '陈静'],
      ['杨帆', 'yang.fan', '杨帆'],
    ],
    timeZone: 480,
  },
};

export const FOREIGN_LANGS: readonly ForeignLang[] = ['fr', 'de', 'ja', 'ru', 'zh'];
