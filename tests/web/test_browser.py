"""The web chat widget and the agents' console in Debian's Chromium, against the real servers.

Screenshots at phone and desktop widths go to var/screenshots/ for review.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bot.feedback import FeedbackStore
from tests.servers import ROOT, Servers

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TOKEN = "browser-test-token"
SHOTS = ROOT / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    running = Servers(tmp_path_factory.mktemp("browser"), AGENT_TOKEN=TOKEN)
    running.start()
    yield running
    running.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: `make test` installs Debian's chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    opened = context.new_page()
    yield opened
    context.close()


def url(servers: Servers, path: str) -> str:
    return f"http://localhost:{servers.rasa_port}{path}"


def open_widget(page: Page, servers: Servers) -> None:
    page.goto(url(servers, "/webhooks/webchat/"))
    page.get_by_role("button", name="领事求助").click()
    expect(page.get_by_role("dialog", name="领事保护与协助助手")).to_be_visible()


def ask(page: Page, text: str) -> None:
    page.get_by_label("输入您的问题").fill(text)
    page.keyboard.press("Enter")


def test_widget_answers_continues_with_a_quick_reply_and_survives_a_reload(
    page: Page, servers: Servers
) -> None:
    open_widget(page, servers)
    ask(page, "护照在罗马被偷了怎么办")
    log = page.get_by_role("log")
    expect(log).to_contain_text("第5.1.1节", timeout=30_000)
    expect(log).to_contain_text("报案")
    hotline = page.locator('a[href="tel:+861012308"]').first
    expect(hotline).to_be_visible()
    expect(page.locator('a[href^="tel:2026"]')).to_have_count(0)  # dates are not phone numbers
    page.get_by_role("button", name="还要前往第三国").click()
    expect(log).to_contain_text("第5.1.4节", timeout=30_000)

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "widget-desktop.png"))
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "widget-phone.png"))

    page.reload()
    page.get_by_role("button", name="领事求助").click()
    expect(page.get_by_role("log")).to_contain_text("第5.1.4节", timeout=15_000)
    expect(page.get_by_role("log")).to_contain_text("护照在罗马被偷了怎么办")


def test_widget_handoff_button_and_new_conversation(page: Page, servers: Servers) -> None:
    open_widget(page, servers)
    page.get_by_role("button", name="转人工 / 12308").click()
    expect(page.get_by_role("log")).to_contain_text("按“0”再按“9”", timeout=30_000)
    page.get_by_role("button", name="新对话").click()
    expect(page.get_by_role("log")).not_to_contain_text("按“0”再按“9”", timeout=15_000)


def test_widget_keeps_the_message_through_a_server_restart(page: Page, servers: Servers) -> None:
    open_widget(page, servers)
    servers.interrupt()
    ask(page, "航班取消了航空公司不管怎么办")
    expect(page.get_by_role("status").filter(has_text="连接中断")).to_be_visible(timeout=15_000)
    expect(page.get_by_label("输入您的问题")).to_have_value("航班取消了航空公司不管怎么办")
    servers.start()
    expect(page.get_by_role("log")).to_contain_text("第5.13节", timeout=60_000)
    expect(page.get_by_label("输入您的问题")).to_have_value("")


def test_console_rejects_a_wrong_token(page: Page, servers: Servers) -> None:
    page.goto(url(servers, "/webhooks/agent/"))
    page.get_by_label("访问令牌（AGENT_TOKEN）").fill("not-the-token")
    page.get_by_role("button", name="进入").click()
    expect(page.get_by_role("alert")).to_contain_text("令牌错误")
    expect(page.get_by_label("来电人所述（边听边输入或粘贴）")).to_be_hidden()


def test_console_suggests_switches_cards_and_stores_feedback(
    page: Page, servers: Servers, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page.goto(url(servers, "/webhooks/agent/"))
    page.get_by_label("访问令牌（AGENT_TOKEN）").fill(TOKEN)
    page.get_by_role("button", name="进入").click()
    caller = page.get_by_label("来电人所述（边听边输入或粘贴）")
    caller.type("来电人称其子在日本被警察拘留，询问家属能否探视", delay=20)
    options = page.get_by_role("listbox", name="最相关的三个章节").get_by_role("option")
    expect(options).to_have_count(3, timeout=15_000)
    expect(page.locator("#country")).to_contain_text("日本")
    card = page.locator("#card")
    expect(card).to_contain_text("报警110", timeout=15_000)

    second = options.nth(1)
    section = second.get_attribute("data-section")
    assert section
    second.click()
    expect(card).to_contain_text(f"第{section}节", timeout=15_000)

    page.screenshot(path=str(SHOTS / "console-desktop.png"))
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(SHOTS / "console-phone.png"), full_page=True)

    page.get_by_role("button", name="建议正确").click()
    expect(page.get_by_role("status")).to_contain_text("反馈已记录")
    page.get_by_label("建议有误，正确章节：").select_option("5.7.6")
    page.get_by_role("button", name="提交更正").click()
    expect(page.get_by_role("status")).to_contain_text("反馈已记录")
    page.get_by_role("button", name="复制卡片").click()
    expect(page.get_by_role("status")).to_contain_text("已复制")

    stored = FeedbackStore(f"sqlite:///{Path(servers.env['BOT_STATE_DIR']) / 'feedback.db'}").all()
    assert [f.kind for f in stored] == ["right", "wrong", "copy"]
    assert stored[1].chosen == "5.7.6" and re.search("日本", stored[0].text)


def test_console_shows_the_emergency_banner(page: Page, servers: Servers) -> None:
    page.goto(url(servers, "/webhooks/agent/"))
    page.get_by_label("访问令牌（AGENT_TOKEN）").fill(TOKEN)
    page.get_by_role("button", name="进入").click()
    page.get_by_label("来电人所述（边听边输入或粘贴）").fill("有人拿刀抢劫我，我在曼谷，流了很多血")
    expect(page.locator("#banner")).to_be_visible(timeout=15_000)
