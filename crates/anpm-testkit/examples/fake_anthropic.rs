//! Serves the fake Anthropic Messages API until killed, printing its base URL: for timing a real Claude
//! Code CLI by hand (`ANTHROPIC_BASE_URL=<printed> claude -p …`).

use anpm_testkit::anthropic::FakeAnthropicApi;
use anpm_testkit::model_api::Turn;

fn main() {
    let api = FakeAnthropicApi::start(Turn {
        write: None,
        final_text: "Done.\n\n```json\n{\"files\": []}\n```".into(),
        call: None,
    });
    println!("{}", api.base_url());
    loop {
        std::thread::park();
    }
}
