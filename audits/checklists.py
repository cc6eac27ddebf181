"""The 2012 checklists of the source paper (section 1(2)–(3)): 57 items for offices and 29
for operators, each a rule of the prefecture's security regulations, with how many of the
11 offices (86 operators) did not comply in 2012 and the causes they gave. The items the
paper names are worded as it names them; the others complete the lists from common practice.

Used by the demo (``audits.demo``) and its test, which reproduce the paper's two tables.
"""

from __future__ import annotations

from typing import NamedTuple

REG = "セキュリティ対策規程"
ASSETS = "情報資産管理要領"
CARD = "操作者識別カード及びパスワード管理要領"
ROOM = "端末機設置室管理要領"
TRAIN = "研修及び自己点検に関する要綱"

CAUSE_CARD_SWAP = (
    "窓口混雑時等円滑に対応するため、操作者カードの入替を省略してしまっている。\n"
    "カードの入替に係る操作方法の未熟"
)
CAUSE_NEW_REGISTERS = (
    "帳票管理簿については、同様の書式で既に管理している所属がある。\n"
    "すべてH24.3施行の新たに作成することとなった項目であり、改正内容の理解が十分でなかった。"
)
CAUSE_ROOM = "そもそも端末機設置当初から執務室内に設置されており、入退室管理は不可能"
CAUSE_DAILY = (
    "端末機設置当初は点検をしていたものの、担当者の異動等を繰り返すうちに、直ちに影響が出る"
    "わけではないことから日次点検が行われなくなった。\n"
    "管理簿については、H24.4.1から新たに導入されたものであり、改正内容の理解が十分ではなかった。"
)
CAUSE_MANUALS = "手引書等が残っていない。\n規程の理解が不十分"
CAUSE_RULES = "規程の理解が不十分"
CAUSE_PASSWORD = "H24.4.1から新規に可能となった方法であり、操作方法の理解が不十分"
CAUSE_VISITORS = "来客時に速やかに対応するため"
CAUSE_DISPOSAL_OP = "規程について理解が十分でなかった。"
CAUSE_HANDOVER = "担当者の異動の際に引継ぎがされていなかった。"
CAUSE_LAYOUT = "執務室の配置上、来庁者の動線から端末機を離すことが難しい。"


class Item(NamedTuple):
    category: str
    text: str
    rule: str
    failed_2012: int = 0
    cause: str = CAUSE_RULES


OFFICE_ITEMS: tuple[Item, ...] = (
    # 体制・操作者の指定
    Item("体制・操作者の指定", "本人確認情報管理責任者の指定", REG),
    Item("体制・操作者の指定", "操作者の指定及び操作者名簿のシステム管理者への報告", REG),
    Item(
        "体制・操作者の指定", "操作者の異動・退職時の操作者名簿の変更報告", REG, 1, CAUSE_HANDOVER
    ),
    Item("体制・操作者の指定", "指定された操作者以外の操作", REG, 9, CAUSE_CARD_SWAP),
    Item("体制・操作者の指定", "利用事務以外の目的での本人確認情報の利用禁止", REG),
    Item("体制・操作者の指定", "セキュリティ対策規程・要領の職員への周知", REG),
    # 操作者識別カード
    Item("操作者識別カード", "操作者識別カード管理簿による管理", CARD, 6, CAUSE_RULES),
    Item("操作者識別カード", "休職・退職・異動時の操作者識別カードの回収", CARD, 2, CAUSE_HANDOVER),
    Item("操作者識別カード", "回収した操作者識別カードのシステム管理者への返却", CARD, 1),
    Item("操作者識別カード", "業務時間外の操作者識別カードの施錠保管", CARD, 2),
    Item("操作者識別カード", "操作者識別カード紛失時のシステム管理者への速やかな報告", CARD),
    Item("操作者識別カード", "操作グループ識別カードの所属長による保管", CARD, 1),
    Item("操作者識別カード", "グループ利用時の利用前の端末機利用簿への記入", CARD, 2),
    Item("操作者識別カード", "操作者識別カードの現物確認の定期的な実施", CARD, 6, CAUSE_RULES),
    # 端末機の管理
    Item("端末機の管理", "端末機管理日次点検等の実施及び管理簿の作成", ASSETS, 5, CAUSE_DAILY),
    Item("端末機の管理", "セキュリティワイヤーによる端末機の固定", ASSETS, 3, CAUSE_HANDOVER),
    Item("端末機の管理", "来訪者から端末機の画面が見えない配置", ASSETS, 6, CAUSE_LAYOUT),
    Item("端末機の管理", "画面ロック（スクリーンセーバー）の設定", ASSETS, 7, CAUSE_VISITORS),
    Item("端末機の管理", "端末機へのソフトウェアの無断導入の禁止", ASSETS),
    Item("端末機の管理", "端末機への外部記憶媒体の接続の禁止", ASSETS, 1),
    Item("端末機の管理", "端末機の設置場所を変更する際のシステム管理者との事前協議", ASSETS),
    Item("端末機の管理", "端末機の障害時のシステム管理者への連絡", ASSETS),
    Item("端末機の管理", "終業時の端末機の電源の切断", ASSETS),
    Item("端末機の管理", "リース物件である端末機の他用途への転用の禁止", ASSETS),
    Item("端末機の管理", "ネットワーク機器及び配線の施錠管理", ASSETS),
    # 端末機設置室
    Item("端末機設置室", "端末機設置室入退室管理簿の作成", ROOM, 10, CAUSE_ROOM),
    Item("端末機設置室", "操作者以外の者が入室する場合の立会", ROOM, 10, CAUSE_ROOM),
    Item("端末機設置室", "写真機、カメラ付き携帯等の記録装置の使用禁止", ROOM, 11, CAUSE_ROOM),
    Item("端末機設置室", "不在時の端末機設置室の施錠", ROOM, 2),
    Item("端末機設置室", "鍵管理簿の作成", ROOM, 7, CAUSE_ROOM),
    Item("端末機設置室", "端末機設置室の鍵の施錠保管", ROOM, 1),
    Item("端末機設置室", "入退室管理簿の保存（1年間）", ROOM, 9, CAUSE_ROOM),
    Item("端末機設置室", "来訪者の入室目的の確認", ROOM),
    # 帳票・ドキュメント・磁気ディスク
    Item("帳票等の管理", "帳票管理簿・帳票受渡簿の作成・確認", ASSETS, 8, CAUSE_NEW_REGISTERS),
    Item(
        "帳票等の管理",
        "ドキュメント管理簿・ドキュメント受渡簿の作成・確認",
        ASSETS,
        8,
        CAUSE_NEW_REGISTERS,
    ),
    Item(
        "帳票等の管理",
        "磁気ディスク管理簿・磁気ディスク受渡簿の作成・確認",
        ASSETS,
        7,
        CAUSE_NEW_REGISTERS,
    ),
    Item(
        "帳票等の管理",
        "手引書、マニュアル、通知等の施錠保管、電子データの消去",
        ASSETS,
        4,
        CAUSE_MANUALS,
    ),
    Item("帳票等の管理", "帳票等の廃棄前の所属長の承認", ASSETS, 3, CAUSE_RULES),
    Item(
        "帳票等の管理",
        "出力した帳票の速やかな回収（プリンタへの放置禁止）",
        ASSETS,
        4,
        CAUSE_VISITORS,
    ),
    Item("帳票等の管理", "本人確認情報を含む帳票の出力を必要最小限とすること", ASSETS),
    Item("帳票等の管理", "帳票の施錠保管", ASSETS, 1),
    Item("帳票等の管理", "帳票の廃棄方法（裁断・溶解）の遵守", ASSETS, 2),
    Item("帳票等の管理", "帳票の複写の禁止", ASSETS),
    Item("帳票等の管理", "磁気ディスクの施錠保管", ASSETS),
    Item("帳票等の管理", "磁気ディスク廃棄時のデータ消去・物理的破壊", ASSETS),
    Item("帳票等の管理", "本人確認情報の庁外への持出しの禁止", ASSETS),
    Item("帳票等の管理", "本人確認情報のメモ等への記録の禁止", ASSETS),
    # 研修・点検・事故対応
    Item("研修・点検・事故対応", "操作者への研修の受講勧奨", TRAIN),
    Item("研修・点検・事故対応", "新たに指定した操作者の新人研修の受講", TRAIN, 3, CAUSE_RULES),
    Item("研修・点検・事故対応", "セキュリティ事故発生時の報告体制の整備", REG),
    Item("研修・点検・事故対応", "アクセスログの確認への協力", REG),
    Item("研修・点検・事故対応", "自己点検の実施", TRAIN),
    Item("研修・点検・事故対応", "操作者への定期的なパスワード変更の指導", CARD, 1, CAUSE_PASSWORD),
    Item("研修・点検・事故対応", "操作者識別カードの他者への貸与禁止の周知", CARD),
    Item(
        "研修・点検・事故対応",
        "離席時の措置（電源の切断・カードの抜き出し）の周知",
        REG,
        2,
        CAUSE_VISITORS,
    ),
    Item("研修・点検・事故対応", "委託業者の作業時の職員の立会", ROOM, 6, CAUSE_ROOM),
    Item("研修・点検・事故対応", "規程違反を把握した場合のシステム管理者への報告", REG),
)

OPERATOR_ITEMS: tuple[Item, ...] = (
    # 操作者識別カード
    Item("操作者識別カード", "操作者識別カードの他者への貸与", CARD, 52, CAUSE_CARD_SWAP),
    Item("操作者識別カード", "操作者識別カードのパスワード変更", CARD, 61, CAUSE_PASSWORD),
    Item("操作者識別カード", "パスワードを他者に教えないこと", CARD, 4, CAUSE_CARD_SWAP),
    Item("操作者識別カード", "パスワードをメモ等に記録しないこと", CARD),
    Item("操作者識別カード", "操作者識別カードの携行又は施錠保管", CARD, 7, CAUSE_RULES),
    Item("操作者識別カード", "操作者識別カード紛失時の所属長への直ちの報告", CARD),
    Item("操作者識別カード", "他人の操作者識別カードを使用しないこと", CARD),
    Item("操作者識別カード", "退職・異動時の操作者識別カードの返却", CARD),
    # 端末機の操作
    Item("端末機の操作", "離席の際の電源の切断", REG, 47, CAUSE_VISITORS),
    Item("端末機の操作", "離席する際の操作者識別カードの抜き出し", REG, 33, CAUSE_VISITORS),
    Item("端末機の操作", "離席する際の業務アプリケーションの終了", REG, 18, CAUSE_VISITORS),
    Item("端末機の操作", "利用事務以外の目的で検索しないこと", REG),
    Item("端末機の操作", "照会の対象者を申請書等で確認してから検索すること", REG),
    Item("端末機の操作", "利用前の端末機利用簿への記入", CARD, 9, CAUSE_RULES),
    Item(
        "端末機の操作", "来訪者から端末機の画面が見えないようにすること", ASSETS, 24, CAUSE_VISITORS
    ),
    Item("端末機の操作", "業務終了時のログアウト", REG, 3, CAUSE_VISITORS),
    Item("端末機の操作", "不審な画面・エラー表示を見た場合の報告", REG),
    Item("端末機の操作", "私物の機器・媒体を端末機に接続しないこと", ASSETS, 1),
    # 帳票・情報
    Item("帳票・情報", "帳票を廃棄する際の所属長の事前承認", ASSETS, 12, CAUSE_DISPOSAL_OP),
    Item("帳票・情報", "出力した帳票の速やかな回収", ASSETS, 22, CAUSE_VISITORS),
    Item("帳票・情報", "本人確認情報をメモ等に記録しないこと", ASSETS),
    Item("帳票・情報", "本人確認情報を口頭・電話で外部に伝えないこと", REG),
    Item("帳票・情報", "帳票を机上に放置しないこと", ASSETS, 27, CAUSE_VISITORS),
    Item("帳票・情報", "本人確認情報を私物の媒体に保存しないこと", ASSETS),
    Item("帳票・情報", "写真機、カメラ付き携帯等で画面を撮影しないこと", ROOM),
    # 研修・規程
    Item("研修・規程", "セキュリティ研修の受講", TRAIN, 6, CAUSE_RULES),
    Item("研修・規程", "セキュリティ対策規程・要領の内容の理解", REG),
    Item("研修・規程", "操作手引書の確認", REG),
    Item("研修・規程", "規程違反を見聞きした場合の所属長への報告", REG),
)

#: The 11 offices that used terminals in 2012 (paper 3(3)①ア) and how many of their staff
#: answered the operator checklist (86 in all).
OFFICES_2012: dict[str, int] = {
    "H03": 3,
    "R03": 5,
    "R04": 3,
    "R05": 3,
    "R06": 3,
    "R07": 3,
    "R08": 3,
    "R09": 3,
    "R10": 4,
    "S01": 29,
    "S02": 27,
}
#: The on-site visits of 2012 (paper 1(1)④): 8, 9, 15 and 16 May, every terminal office.
VISIT_DAYS_2012 = ("2012-05-08", "2012-05-09", "2012-05-15", "2012-05-16")
